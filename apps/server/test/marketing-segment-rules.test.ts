import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetAccessContexts } from '../src/accounts/access-context.js';
import { up } from '../src/modules/marketing/migrations/marketing_002_roles.js';
import { disableShippedRules, waitForJobs } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/** The automation condition "record is in segment X" ($segment), registered by marketing. */
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let admin: Client;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  await disableShippedRules(t.crm.handle.db);
});
afterAll(() => t?.close());

const segment = (values: Record<string, unknown>) => admin.create('segments', { ...values, filter: values.filter ? JSON.stringify(values.filter) : undefined });

async function runFor(ruleId: string, recordId: string) {
  return waitForJobs(t.crm, async () => {
    const res = await admin.get(`/api/v1/automation/runs?ruleId=${ruleId}`);
    return (res.body.data as { record_id?: string; recordId?: string; status: string }[]).find((r) => (r.record_id ?? r.recordId) === recordId && r.status !== 'pending');
  }, `the run for ${recordId}`);
}

describe('$segment rule condition', () => {
  it('fires for a member of a dynamic segment and not for a non-member', async () => {
    const vip = await segment({ name: '重点客户', kind: 'dynamic', object: 'customers', filter: { field: 'name', op: 'starts_with', value: '重点' } });
    const rule = await admin.post('/api/v1/automation/rules', {
      name: '重点客户标注', object: 'customers', enabled: true, trigger: { kind: 'record_created' },
      conditions: { and: [{ field: '$segment', op: 'eq', value: vip.id }] },
      actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'address', value: '已由分群规则标注' }] }],
    });
    expect(rule.status).toBe(201);
    const member = await admin.create('customers', { name: '重点·华东贸易' });
    const other = await admin.create('customers', { name: '普通·西部物流' });
    expect((await runFor(rule.body.data.id, member.id)).status).toBe('done');
    expect((await runFor(rule.body.data.id, other.id)).status).toBe('not_matched');
    expect((await admin.get(`/api/v1/customers/${member.id}`)).body.data.address).toBe('已由分群规则标注');
    expect((await admin.get(`/api/v1/customers/${other.id}`)).body.data.address ?? null).toBeNull();
  });

  it('reads static membership; ne fires for records outside', async () => {
    const list = await segment({ name: '展会名单', kind: 'static', object: 'leads' });
    const inList = await admin.create('leads', { name: '名单内线索' });
    expect((await admin.post(`/api/v1/segments/${list.id}/members`, { ids: [inList.id] })).status).toBe(200);
    const rule = await admin.post('/api/v1/automation/rules', {
      name: '名单外线索', object: 'leads', enabled: true, trigger: { kind: 'record_updated' },
      conditions: { field: '$segment', op: 'ne', value: list.id },
      actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'description', value: '名单外' }] }],
    });
    expect(rule.status).toBe(201);
    const outside = await admin.create('leads', { name: '名单外线索' });
    await admin.patch(`/api/v1/leads/${inList.id}`, { name: '名单内线索（改）' });
    await admin.patch(`/api/v1/leads/${outside.id}`, { name: '名单外线索（改）' });
    expect((await runFor(rule.body.data.id, inList.id)).status).toBe('not_matched');
    expect((await runFor(rule.body.data.id, outside.id)).status).toBe('done');
  });

  it('refuses an unknown segment, a segment of another object and a bad operator, naming the path', async () => {
    const leadsList = await segment({ name: '线索名单', kind: 'static', object: 'leads' });
    const base = { name: 'x', object: 'customers', trigger: { kind: 'record_created' }, actions: [] };
    const cases: [unknown, string][] = [
      [{ field: '$segment', op: 'eq', value: '00000000-0000-0000-0000-000000000000' }, 'conditions.value'],
      [{ and: [{ field: '$segment', op: 'eq', value: leadsList.id }] }, 'conditions.and.0.value'],
      [{ field: '$segment', op: 'gt', value: leadsList.id }, 'conditions.op'],
      [{ field: '$nope', op: 'eq', value: 1 }, 'conditions.field'],
    ];
    for (const [conditions, path] of cases) {
      const res = await admin.post('/api/v1/automation/rules', { ...base, conditions });
      expect(res.status, JSON.stringify(conditions)).toBe(400);
      expect(res.body.error.details[0].path).toBe(path);
    }
    const deals = await admin.post('/api/v1/automation/rules', { ...base, object: 'deals', conditions: { field: '$segment', op: 'eq', value: leadsList.id } });
    expect(deals.body.error.details[0].path).toBe('conditions.field');
    const catalog = await admin.get('/api/v1/automation/catalog');
    expect(catalog.body.data.conditions).toContainEqual(expect.objectContaining({ name: '$segment', valueObject: 'segments' }));
  });
});

describe('marketing roles', () => {
  it('a marketer keeps their own segments, a marketing manager sees all; older installs get the marketer access', async () => {
    const marketer = await t.createUser({ role: 'marketer', name: '市场专员甲' });
    const other = await t.createUser({ role: 'marketer', name: '市场专员乙' });
    const manager = await t.createUser({ role: 'marketing_manager', name: '市场经理' });
    const mine = await marketer.client.create('segments', { name: '甲的分群', kind: 'static', object: 'customers' });
    await other.client.create('segments', { name: '乙的分群', kind: 'static', object: 'leads' });
    expect((await marketer.client.list('segments')).body.data.map((s: { name: string }) => s.name)).toEqual(['甲的分群']);
    expect((await other.client.get(`/api/v1/segments/${mine.id}`)).status).toBe(404);
    const all = (await manager.client.list('segments')).body.data.map((s: { name: string }) => s.name);
    expect(all).toEqual(expect.arrayContaining(['甲的分群', '乙的分群']));
    expect((await manager.client.list('customers')).status).toBe(200);

    const db = t.crm.handle.db;
    await sql`UPDATE roles SET permissions = permissions #- '{objects,segments}' WHERE key = 'marketer'`.execute(db);
    forgetAccessContexts();
    expect((await marketer.client.list('segments')).status).toBe(403);
    await up(db as never);
    forgetAccessContexts();
    expect((await marketer.client.list('segments')).body.data.map((s: { name: string }) => s.name)).toEqual(['甲的分群']);
  });
});
