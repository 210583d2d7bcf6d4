import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { uploadImport } from './helpers/imports.js';
import { routeTable } from './helpers/routes.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** Every write route answers bad input with a 4xx, never a 500. */
process.env.CRM_BACKUP_DIR = mkdtempSync(join(tmpdir(), 'crm-fuzz-backups-'));
let t: TestCrm;
const OBJECTS = ['customers', 'contacts', 'leads', 'deals', 'quotes', 'orders', 'tasks'];

/** Real records and settings, so each route reaches its validation instead of answering 404. */
beforeAll(async () => {
  t = await startTestCrm();
  const admin = t.admin.client;
  const roles = (await admin.get('/api/v1/roles')).body.data as { id: string; key: string }[];
  const customer = await admin.create('customers', { name: '模糊测试客户' });
  await admin.create('contacts', { name: '模糊联系人', customer_id: customer.id });
  await admin.create('leads', { name: '模糊线索', company: '模糊公司' });
  const deal = await admin.create('deals', { name: '模糊商机', customer_id: customer.id, amount: { amount: 1000 } });
  await admin.create('tasks', { title: '模糊任务' });
  await admin.create('tickets', { subject: '模糊工单', customer_id: customer.id });
  await uploadImport(t.app, admin, 'contacts', '姓名,邮箱\n模糊,fuzz@test.local\n', 'fuzz.csv');
  const quote = await admin.create('quotes', { name: '模糊报价', customer_id: customer.id, deal_id: deal.id });
  await admin.post('/api/v1/quote_line_items', { quote_id: quote.id, description: '网关', quantity: 1, unit_price: 1000 });
  await admin.patch(`/api/v1/quotes/${quote.id}`, { status: 'sent' });
  await admin.patch(`/api/v1/quotes/${quote.id}`, { status: 'accepted' });
  await admin.post(`/api/v1/quotes/${quote.id}/order`, { instalments: 2, first_due_on: '2030-01-31' });
  await admin.post('/api/v1/users', { email: 'fuzz-rep@test.local', name: '模糊销售', password: 'Fuzz-rep-2026-pass', roleId: roles.find((r) => r.key === 'sales_rep')!.id });
  await admin.post('/api/v1/teams', { name: '模糊团队' });
  await admin.post('/api/v1/views', { object: 'customers', name: '模糊视图', filter: null });
  await admin.post('/api/v1/web-forms', { name: '模糊表单', fields: [{ field: 'name', required: true }] });
  await admin.post('/api/v1/automation/rules', { name: '模糊规则', object: 'customers', trigger: { kind: 'record_created' }, actions: [] });
  await admin.post('/api/auth/api-keys', { name: '模糊密钥' });
  await admin.post('/api/v1/meta/objects/customers/fields', { name: 'fuzz_note', type: 'text', label: { zh: '模糊备注', en: 'Fuzz note' } });
});
afterAll(async () => {
  await t?.close();
});

/** Write routes with their full templates: "/api/v1/:object/bulk" POST. */
function writeRoutes(): { method: string; url: string }[] {
  return routeTable(t.app.printRoutes({ commonPrefix: false })).flatMap((r) =>
    r.methods.filter((m) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(m)).map((method) => ({ method, url: r.path })),
  );
}

const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * The URLs a route template stands for: `:object` as each main object, every other parameter as a
 * real id or key read from the collection the parameter belongs to (`/teams/:id` → the first team of
 * `GET /teams`), or a missing id where there is none. DELETE routes get only missing ids, so the run
 * keeps its fixtures (and the admin).
 */
async function urlsFor(method: string, template: string): Promise<string[]> {
  const objects = template.includes(':object') ? OBJECTS : [''];
  const urls: string[] = [];
  for (const object of objects) {
    let url = template.replace(':object', object);
    for (let m = /:(\w+)/.exec(url); m; m = /:(\w+)/.exec(url)) {
      const value = method === 'DELETE' ? MISSING : await existingKey(url.slice(0, m.index - 1), m[1]);
      url = url.slice(0, m.index) + encodeURIComponent(value) + url.slice(m.index + m[0].length);
    }
    urls.push(url);
  }
  return urls;
}

async function existingKey(collection: string, param: string): Promise<string> {
  if (param === 'userId') return t.admin.id;
  const res = await t.admin.client.get(collection);
  const body = res.body as any;
  const items: any[] = Array.isArray(body?.data) ? body.data : Array.isArray(body) ? body : Array.isArray(body?.fields) ? body.fields : [];
  const pick = (item: any) => (param === 'id' ? item.id : param === 'field' ? (item.custom ? item.name : undefined) : (item[param] ?? item.key ?? item.name));
  return items.map(pick).find((v) => typeof v === 'string') ?? MISSING;
}

/** Audited writes leave an audit entry and an outbox event; a refused request must leave neither. */
async function writeCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select (select count(*) from audit_log) + (select count(*) from outbox) as n`.execute(t.crm.handle.db);
  return Number(rows[0].n);
}

const BODIES: Array<[string, string]> = [
  ['invalid json', '{"name": '],
  ['null', 'null'],
  ['array', '[1,2]'],
  ['string', '"@1"'],
  ['wrong types', JSON.stringify({ name: 5, version: 'x', id: 'not-a-uuid', ids: 'x', rows: {}, fields: 'x', settings: [], action: 7 })],
  ['nulls', JSON.stringify({ name: null, version: null, id: null, ids: null, rows: null, fields: null, settings: null, action: null })],
  ['huge and @', JSON.stringify({ name: `@${'x'.repeat(100_000)}`, title: '@', email: '@', q: '@' })],
  ['numbers', JSON.stringify({ version: -1, limit: Number.MAX_SAFE_INTEGER, keep: -5, port: 1e20, amount: 'NaN' })],
  ['unknown fields', JSON.stringify({ zzz_unknown: 1, __proto__: { admin: true } })],
];

describe('write routes under bad input', () => {
  it('answer 4xx, never 500, and a refused request writes nothing', async () => {
    // Logging out would leave the rest of the run unauthenticated.
    const routes = writeRoutes().filter((r) => !r.url.includes('logout'));
    const statuses = new Map<number, number>();
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    const cookie = (t.admin.client as any).headers.cookie as string;
    let reached = 0;
    const notFound = new Set<string>();
    for (const route of routes) {
      for (const url of await urlsFor(route.method, route.url)) {
        const attempts: Array<[string, string, string]> = [...BODIES.map(([name, payload]) => [name, payload, 'application/json'] as [string, string, string]), ['text/plain', 'hello', 'text/plain']];
        for (const [name, payload, type] of attempts) {
          const before = await writeCount();
          const res = await t.app.inject({ method: route.method as 'POST', url, headers: { cookie, 'content-type': type }, payload });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (route.method !== 'DELETE') res.statusCode === 404 ? notFound.add(`${route.method} ${url}`) : reached++;
          if (res.statusCode >= 500) failures.push(`${route.method} ${url} [${name}] → ${res.statusCode} ${res.body.slice(0, 120)}`);
          else if (res.statusCode >= 400 && (await writeCount()) !== before) failures.push(`${route.method} ${url} [${name}] → ${res.statusCode} but wrote an audit entry or event`);
        }
      }
    }
    // The admin stayed logged in: answers are about the input, not the session.
    expect(statuses.get(401) ?? 0).toBeLessThan(routes.length);
    // Requests other than DELETE (which only get missing ids) reached a real record or setting: the run tests validation, not 404s.
    expect(reached, `404 for: ${[...notFound].join(', ')}`).toBeGreaterThan(notFound.size * 10 * 2);
    expect(failures).toEqual([]);
  });
});
