import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationOf } from '../src/modules/automation/index.js';
import { BULK_RUNS_QUEUE } from '../src/modules/automation/runs/plan-run.js';
import { disableShippedRules, waitFor } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/** Automation keeping up with imports: set-based evaluation, batched runs on their own queue. */
process.env.AUTOMATION_SCAN_MS = '3600000';
process.env.CRM_WEB_FORM_RATE_LIMIT = '1000';

let t: TestCrm;
let admin: Client;
const db = () => t.crm.handle.db;
const bossSchema = () => (t.crm.handle.schema === 'public' ? 'pgboss' : `${t.crm.handle.schema}_boss`);

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  await disableShippedRules(db());
});
afterAll(() => t?.close());

async function createRule(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/automation/rules', { enabled: true, object: 'leads', trigger: { kind: 'record_created' }, ...body });
  if (res.status !== 201) throw new Error(`create rule → ${res.status} ${res.text}`);
  return res.body.data.id as string;
}

async function runs(ruleId: string) {
  const { rows } = await sql<{ status: string; conditions: any; record_id: string }>`SELECT status, conditions, record_id FROM automation_runs WHERE rule_id = ${ruleId}`.execute(db());
  return rows;
}

/** Uploads a CSV of leads, maps name/company/source/email and runs it to the end. */
async function importLeads(csv: string) {
  const up = await t.app.inject({ method: 'POST', url: '/api/v1/imports?object=leads&fileName=leads.csv', headers: { cookie: (admin as any).headers.cookie, 'content-type': 'application/octet-stream' }, payload: Buffer.from(csv) });
  expect(up.statusCode, up.body).toBe(201);
  const id = up.json().data.id as string;
  expect((await admin.patch(`/api/v1/imports/${id}`, { mapping: { name: 0, company: 1, source: 2, email: 3 }, options: { dedupe: { policy: 'create', keys: ['email'] } } })).status).toBe(200);
  expect((await admin.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
  return waitFor(async () => {
    const res = await admin.get(`/api/v1/imports/${id}`);
    if (res.body.data.status === 'failed') throw new Error(res.body.data.error);
    return res.body.data.status === 'done' ? res.body.data : null;
  }, 120_000, 'the import to finish');
}

describe('rules on imported records', () => {
  it('evaluates each rule once per batch in SQL and plans runs only for the records that match', async () => {
    const n = 300;
    const source = (i: number) => ['ads', 'event', 'website'][i % 3];
    const lines = ['姓名,公司,来源,邮箱'];
    // Event leads come without an e-mail (the "in memory" rule below asks for that).
    for (let i = 0; i < n; i++) lines.push(`批量线索${i},公司${i},${source(i)},${source(i) === 'event' ? '' : `bulk${i}@example.cn`}`);
    const ads = await createRule({ name: '广告线索', conditions: { field: 'source', op: 'eq', value: 'ads' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: '广告线索' }] }] });
    const none = await createRule({ name: '无匹配', conditions: { field: 'company', op: 'eq', value: '不存在的公司' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: 'never' }] }] });
    // Emptiness of a text (where '' counts too) has no exact SQL twin: evaluated in memory, still only matches get runs.
    const noEmail = await createRule({
      name: '展会无邮箱',
      conditions: { and: [{ field: 'source', op: 'eq', value: 'event' }, { field: 'email', op: 'empty' }] },
      actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'company', value: '展会待补' }] }],
    });

    const done = await importLeads(lines.join('\n'));
    expect(done.created).toBe(n);
    await waitFor(async () => {
      const all = [...(await runs(ads)), ...(await runs(noEmail))];
      return all.length === (2 * n) / 3 && all.every((r) => r.status !== 'pending');
    }, 120_000, 'the runs of the imported leads');

    const adsRuns = await runs(ads);
    expect(adsRuns).toHaveLength(n / 3);
    expect(adsRuns.every((r) => r.status === 'done' && r.conditions.setBased === true)).toBe(true);
    expect(await runs(none)).toHaveLength(0);
    const eventRuns = await runs(noEmail);
    expect(eventRuns).toHaveLength(n / 3);
    expect(eventRuns.every((r) => r.status === 'done' && r.conditions.details.length === 2)).toBe(true);

    const { rows: leads } = await sql<{ name: string; source: string; title: string | null; company: string }>`SELECT name, source, title, company FROM leads WHERE name LIKE '批量线索%'`.execute(db());
    expect(leads).toHaveLength(n);
    for (const lead of leads) {
      expect(lead.title).toBe(lead.source === 'ads' ? '广告线索' : null);
      expect(lead.company === '展会待补').toBe(lead.source === 'event');
    }
    // They went through the bulk queue, not the interactive one.
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(`${bossSchema()}.job`)} WHERE name = ${BULK_RUNS_QUEUE}`.execute(db());
    expect(Number(rows[0].n)).toBe((2 * n) / 3);
    for (const id of [ads, none, noEmail]) await admin.patch(`/api/v1/automation/rules/${id}`, { enabled: false });
  });

  it("runs a web-form lead's rule while an import's runs are still queued", async () => {
    const boss = automationOf(t.crm.modules).boss!;
    const imported = await createRule({ name: '导入待办', conditions: { field: 'source', op: 'eq', value: 'event' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: '导入' }] }] });
    const web = await createRule({ name: '官网线索', conditions: { field: 'source', op: 'eq', value: 'website' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: '官网来的' }] }] });
    // Hold the bulk queue's worker, so the import's runs stay queued for as long as this test looks.
    await boss.offWork(BULK_RUNS_QUEUE);
    const lines = ['姓名,公司,来源,邮箱'];
    for (let i = 0; i < 200; i++) lines.push(`展会线索${i},展会公司${i},event,fair${i}@example.cn`);
    await importLeads(lines.join('\n'));
    await waitFor(async () => (await runs(imported)).length === 200, 60_000, "the import's runs to be planned");

    const form = await admin.post('/api/v1/web-forms', { name: '官网表单', fields: [{ field: 'name', required: true }, { field: 'mobile' }] });
    expect(form.status, form.text).toBe(201);
    const submitted = await t.app.inject({ method: 'POST', url: `/api/v1/public/forms/${form.body.data.token}/submissions`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: '官网访客', mobile: '13800138000' }), remoteAddress: '203.0.113.9' });
    expect(submitted.statusCode, submitted.body).toBe(201);

    const [webRun] = await waitFor(async () => {
      const list = await runs(web);
      return list.length && list[0].status === 'done' ? list : null;
    }, 60_000, "the web-form lead's run");
    const { rows } = await sql<{ title: string | null }>`SELECT title FROM leads WHERE id = ${webRun.record_id}`.execute(db());
    expect(rows[0].title).toBe('官网来的');
    // Every run of the import is still waiting behind its own worker.
    expect((await runs(imported)).filter((r) => r.status === 'pending')).toHaveLength(200);
  });
});
