import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchLexemes, searchQuery } from '../src/engine/search/terms.js';
import { qs, startTestCrm, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
beforeAll(async () => {
  t = await startTestCrm();
});
afterAll(async () => {
  await t?.close();
});

/** Texts made only of punctuation, symbols, emoji, half an email, control characters, or very long. */
const NASTY = [
  '@', '@1', '@@', '1@', '@ 1', ' @', 'a@', '@.', '@张伟', '张@', '@@@@', "'@'", '\\@', ':*', '&|!', '()', "'", "''", '\\',
  '!@#$%^&*()_+-=[]{};:,./<>?', '😀', '@😀', '😀@😀', '👨‍👩‍👧‍👦', '\u200b', '\u200d@', '\t@\n', '\u0000', 'a\u0000b@c', '﹫1', '＠1',
  '𠀀'.repeat(70), 'a'.repeat(5000), '@'.repeat(5000), `${'😀'.repeat(59)}@x`, `x${'😀'.repeat(80)}`, '+86 (0)', '---', '٣٤٥٦٧٨', 'İ@',
];

describe('search lexemes', () => {
  it('are never empty and PostgreSQL accepts them and the queries for any text', async () => {
    const db = t.crm.handle.db;
    for (const text of NASTY) {
      const lexemes = searchLexemes([text]);
      expect(lexemes, JSON.stringify(text)).not.toContain('');
      await sql`SELECT array_to_tsvector(${sql.val(lexemes)}::text[])`.execute(db);
      const query = searchQuery(text);
      if (query) await sql`SELECT ${query}::tsquery`.execute(db);
    }
  });

  it('index an email with an empty local part by what is there', () => {
    expect(searchLexemes(['@1'])).toEqual(expect.arrayContaining(['1', '@1']));
  });
});

describe('records whose searchable text starts with @', () => {
  it('are created, updated, bulk-created and found', async () => {
    const admin = t.admin.client;
    const created = await admin.post('/api/v1/customers', { name: '@1' });
    expect(created.status, created.text).toBe(201);
    const updated = await admin.patch(`/api/v1/customers/${created.body.data.id}`, { name: '@', version: created.body.data.version });
    expect(updated.status, updated.text).toBe(200);
    const bulk = await admin.post('/api/v1/customers/bulk', { action: 'create', rows: [{ name: '@acme' }, { name: '😀' }, { name: '@@' }] });
    expect(bulk.status, bulk.text).toBe(200);
    const found = await admin.get(`/api/v1/customers?${qs({ q: '@acme' })}`);
    expect(found.status, found.text).toBe(200);
    expect(found.body.data.map((r: any) => r.name)).toEqual(['@acme']);
    expect((await admin.get(`/api/v1/search?${qs({ q: '@' })}`)).status).toBe(200);
  });

  it('come in anonymously through a web form', async () => {
    const form = await t.admin.client.post('/api/v1/web-forms', { name: 'at-form', fields: [{ field: 'name' }, { field: 'company' }] });
    expect(form.status, form.text).toBe(201);
    const res = await t.anon.post(`/api/v1/public/forms/${form.body.data.token}/submissions`, { name: '@1', company: '@' });
    expect(res.status, res.text).toBe(201);
    const leads = await t.admin.client.list('leads', { filter: { field: 'name', op: 'eq', value: '@1' } });
    expect(leads.body.data).toHaveLength(1);
  });
});
