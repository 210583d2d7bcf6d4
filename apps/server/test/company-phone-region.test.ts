import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { importFixture, runImport } from './helpers/imports.js';

type Rec = Record<string, any>;

/** Issue 11: the company's default phone region (Settings, beside the company currency) is what imports read national numbers in. */
describe('company default phone region', { timeout: 240_000 }, () => {
  let t: TestCrm;
  beforeAll(async () => {
    t = await startTestCrm({ jobs: true });
  });
  afterAll(async () => {
    await t?.close();
  });
  const US = '+1 415 555 2671';
  const file = importFixture('contacts-north-america.csv');
  const mobileOf = async (name: string) => ((await t.admin.client.list('contacts', { q: name })).body.data as Rec[]).map((r) => r.mobile);
  const settings = async () => (await t.admin.client.get('/api/v1/currency-settings')).body.data;

  it('is China until an admin changes it: national numbers are read as Chinese ones', async () => {
    expect(await settings()).toMatchObject({ currency: 'CNY', phoneRegion: 'CN' });
    await runImport(t.admin.client, t.app, 'contacts', file, 'before.csv', { options: { dedupe: { policy: 'create', keys: [] } } });
    expect(await mobileOf('Ava Carter')).toHaveLength(1);
    expect(await mobileOf('Ava Carter')).not.toContain(US);
  });

  it('an admin sets US; a bad code is a 400 naming phoneRegion; the change is audited; leaving it out keeps it', async () => {
    const bad = await t.admin.client.request('PUT', '/api/v1/currency-settings', { currency: 'CNY', rates: [], phoneRegion: 'USA' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('phoneRegion');
    const rep = await t.createUser({ role: 'sales_rep' });
    expect((await rep.client.request('PUT', '/api/v1/currency-settings', { currency: 'CNY', rates: [], phoneRegion: 'US' })).status).toBe(403);
    const ok = await t.admin.client.request('PUT', '/api/v1/currency-settings', { currency: 'USD', rates: [], phoneRegion: 'us' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.data).toMatchObject({ currency: 'USD', phoneRegion: 'US' });
    const audit = await t.admin.client.get('/api/v1/audit-log?action=settings&limit=200');
    expect(JSON.stringify(audit.body.data)).toContain('phone_region');
    expect((await t.admin.client.request('PUT', '/api/v1/currency-settings', { currency: 'USD', rates: [] })).body.data.phoneRegion).toBe('US');
  });

  it('imports without a region of their own then read national numbers as US ones; an import naming CN still may', async () => {
    const done = await runImport(t.admin.client, t.app, 'contacts', file, 'after.csv', { options: { dedupe: { policy: 'create', keys: [] } } });
    expect(done).toMatchObject({ created: 4, warnings: 1 });
    expect((await mobileOf('Ava Carter')).filter((m) => m === US)).toHaveLength(1);
    await runImport(t.admin.client, t.app, 'contacts', file, 'cn.csv', { options: { phoneRegion: 'CN', dedupe: { policy: 'create', keys: [] } } });
    expect(await mobileOf('Ava Carter')).toHaveLength(3);
    expect((await mobileOf('Ava Carter')).filter((m) => m === US)).toHaveLength(1);
  });
});
