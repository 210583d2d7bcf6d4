import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationOf } from '../src/modules/automation/index.js';
import { pruneRunLog } from '../src/modules/automation/runs/retention.js';
import type { AutomationService } from '../src/modules/automation/service.js';
import { disableShippedRules, HookServer, waitFor } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';
// The webhook receiver runs on 127.0.0.1, which outbound requests may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

// Time-based rules are scanned by the tests with their own clock, not by the background timer.
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let admin: Client;
let automation: AutomationService;
const hooks = new HookServer();
let hookUrl: string;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  automation = automationOf(t.crm.modules);
  hookUrl = await hooks.start();
});
afterAll(async () => {
  await t?.close();
  await hooks.stop();
});

const db = () => t.crm.handle.db;

async function createRule(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/automation/rules', { enabled: true, ...body });
  if (res.status !== 201) throw new Error(`create rule → ${res.status} ${res.text}`);
  return res.body.data as { id: string };
}

async function runsOf(ruleId: string, extra: Record<string, string> = {}) {
  const res = await admin.get(`/api/v1/automation/runs?${new URLSearchParams({ ruleId, ...extra })}`);
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

/** Waits until the rule's runs reach a final state and returns them. */
async function settledRuns(ruleId: string, count = 1) {
  return waitFor(async () => {
    const runs = await runsOf(ruleId);
    return runs.length >= count && runs.every((r) => r.status !== 'pending') ? runs : null;
  }, 20_000, `runs of rule ${ruleId}`);
}

async function disable(ruleId: string) {
  expect((await admin.patch(`/api/v1/automation/rules/${ruleId}`, { enabled: false })).status).toBe(200);
}

describe('rules API', () => {
  it('is for administrators only', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    expect((await rep.client.get('/api/v1/automation/rules')).status).toBe(403);
    expect((await rep.client.post('/api/v1/automation/rules', { name: 'x', trigger: { kind: 'record_created' } })).status).toBe(403);
    expect((await rep.client.get('/api/v1/automation/territories')).status).toBe(403);
    expect((await rep.client.post('/api/v1/automation/dry-run', { ruleId: '00000000-0000-0000-0000-000000000000' })).status).toBe(403);
    expect((await t.anon.get('/api/v1/automation/runs')).status).toBe(401);
  });

  it('refuses bad rules with a 400 naming the field, and writes nothing', async () => {
    const before = await db().selectFrom('automation_rules').select('id').execute();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'a', object: 'deals', trigger: { kind: 'nope' } }, 'trigger.kind'],
      [{ name: 'a', object: 'nothing', trigger: { kind: 'record_created' } }, 'object'],
      [{ name: 'a', object: 'deals', trigger: { kind: 'field_changed', field: 'no_such' } }, 'trigger.field'],
      [{ name: 'a', object: 'tasks', trigger: { kind: 'time_relative', field: 'title', amount: 1, unit: 'hours', direction: 'before' } }, 'trigger.field'],
      [{ name: 'a', trigger: { kind: 'schedule', cron: 'every monday' } }, 'trigger.cron'],
      [{ name: 'a', object: 'deals', trigger: { kind: 'record_created' }, conditions: { and: [{ field: 'customer_id.nope', op: 'eq', value: 1 }] } }, 'conditions.and.0.field'],
      [{ name: 'a', object: 'deals', trigger: { kind: 'record_created' }, actions: [{ type: 'launch_rocket' }] }, 'actions.0.type'],
      [{ name: 'a', object: 'deals', trigger: { kind: 'record_created' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'nope', value: 1 }] }] }, 'actions.0.updates.0.field'],
      [{ name: 'a', object: 'deals', trigger: { kind: 'record_created' }, actions: [{ type: 'webhook', url: 'ftp://x' }] }, 'actions.0.url'],
      [{ name: 'a', object: 'deals', trigger: { kind: 'record_created' }, actions: [{ type: 'update_fields', updates: [{ op: 'template', field: 'name', template: '{{customer.nope}}' }] }] }, 'actions.0.updates.0.template'],
      [{ name: '', object: 'deals', trigger: { kind: 'record_created' } }, 'name'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.post('/api/v1/automation/rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path), res.text).toContain(path);
    }
    expect(await db().selectFrom('automation_rules').select('id').execute()).toHaveLength(before.length);
  });

  it('creates, reads, lists, replaces, toggles and deletes a rule', async () => {
    const rule = await createRule({ name: '规则', object: 'leads', trigger: { kind: 'record_created' }, enabled: false });
    const got = await admin.get(`/api/v1/automation/rules/${rule.id}`);
    expect(got.body.data).toMatchObject({ name: '规则', object: 'leads', trigger: { kind: 'record_created' }, enabled: false, failures: 0, lastRunAt: null });
    const put = await admin.request('PUT', `/api/v1/automation/rules/${rule.id}`, { name: '规则2', description: '说明', object: 'leads', trigger: { kind: 'record_updated' } });
    expect(put.body.data).toMatchObject({ name: '规则2', description: '说明', trigger: { kind: 'record_updated' } });
    expect((await admin.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: true })).body.data.enabled).toBe(true);
    expect((await admin.get('/api/v1/automation/rules')).body.data.map((r: { id: string }) => r.id)).toContain(rule.id);
    expect((await admin.delete(`/api/v1/automation/rules/${rule.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/automation/rules/${rule.id}`)).status).toBe(404);
  });

  it('ships the default rules: territory assignment (off), task reminder (on), stale deals (off)', async () => {
    const rules = (await admin.get('/api/v1/automation/rules')).body.data as any[];
    const byKey = Object.fromEntries(rules.filter((r) => r.builtinKey).map((r) => [r.builtinKey, r]));
    expect(byKey.lead_territory_assignment).toMatchObject({ enabled: false, object: 'leads', actions: [{ type: 'assign_owner', mode: 'territory' }] });
    expect(byKey.task_due_reminder).toMatchObject({ enabled: true, object: 'tasks', trigger: { kind: 'time_relative', field: 'due_at' } });
    expect(byKey.deal_no_follow_up).toMatchObject({ enabled: false, trigger: { kind: 'no_activity', days: 14 } });
  });

  it('lists its routes in the OpenAPI document', async () => {
    const doc = (await admin.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/automation/rules', '/api/v1/automation/dry-run', '/api/v1/automation/territories']));
  });
});

describe('record triggers and field actions', () => {
  it('deal stage → won: fills a field from a template over the customer and creates a task for the owner', async () => {
    const rule = await createRule({
      name: '赢单续约',
      object: 'deals',
      trigger: { kind: 'field_changed', field: 'stage', to: 'won' },
      actions: [
        { type: 'update_fields', updates: [{ op: 'template', field: 'description', template: '{{customer.name}} 续约' }] },
        { type: 'create_task', title: '跟进 {{name}} 的交付', assignee: { kind: 'owner' }, due: { amount: 3, unit: 'days' } },
      ],
    });
    const customer = await admin.create('customers', { name: '赢单客户' });
    const deal = await admin.create('deals', { name: '赢单商机', customer_id: customer.id, stage: 'negotiation' });
    await admin.patch(`/api/v1/deals/${deal.id}`, { amount: { amount: 5, currency: 'CNY' } });
    await admin.patch(`/api/v1/deals/${deal.id}`, { stage: 'won' });
    const [run] = await settledRuns(rule.id);
    expect(run).toMatchObject({ status: 'done', record_id: deal.id, depth: 0 });
    expect(run.actions.map((a: any) => [a.type, a.status])).toEqual([['update_fields', 'done'], ['create_task', 'done']]);
    expect((await admin.get(`/api/v1/deals/${deal.id}`)).body.data.description).toBe('赢单客户 续约');
    const tasks = (await admin.list('tasks', { filter: { field: 'deal_id', op: 'eq', value: deal.id } })).body.data;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ title: '跟进 赢单商机 的交付', owner_id: t.admin.id });
    const due = Date.parse(tasks[0].due_at) - Date.now();
    expect(due).toBeGreaterThan(2.9 * 86_400_000);
    expect(due).toBeLessThan(3.1 * 86_400_000);
    // Only the stage change fired it (one run), and it shows on the deal's timeline.
    expect(await runsOf(rule.id)).toHaveLength(1);
    const timeline = (await admin.get(`/api/v1/deals/${deal.id}/timeline`)).body.data as any[];
    expect(timeline.find((e) => e.kind === 'extension')).toMatchObject({ source: 'automation', title: '赢单续约', status: 'ok' });
    await disable(rule.id);
  });

  it('conditions on a related record and on a custom field, with and/or groups; the log shows each leaf', async () => {
    expect((await admin.post('/api/v1/meta/objects/deals/fields', { name: 'channel', label: { zh: '渠道', en: 'Channel' }, type: 'text' })).status).toBe(201);
    const rule = await createRule({
      name: '北京大单',
      object: 'deals',
      trigger: { kind: 'record_created' },
      conditions: { and: [{ field: 'customer_id.region', op: 'eq', value: '北京市' }, { or: [{ field: 'cf_channel', op: 'eq', value: '代理' }, { field: 'amount', op: 'gte', value: 1_000_000 }] }] },
      actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'probability', value: 90 }] }],
    });
    const bj = await admin.create('customers', { name: '北京客户', region: { province: '北京市', city: '北京市' } });
    const sh = await admin.create('customers', { name: '上海客户', region: { province: '上海市' } });
    const hit = await admin.create('deals', { name: '北京代理单', customer_id: bj.id, cf_channel: '代理', stage: 'initial' });
    const missRegion = await admin.create('deals', { name: '上海代理单', customer_id: sh.id, cf_channel: '代理', stage: 'initial' });
    const missChannel = await admin.create('deals', { name: '北京直销小单', customer_id: bj.id, cf_channel: '直销', amount: { amount: 10, currency: 'CNY' }, stage: 'initial' });
    const runs = await settledRuns(rule.id, 3);
    const byRecord = Object.fromEntries(runs.map((r) => [r.record_id, r]));
    expect(byRecord[hit.id].status).toBe('done');
    expect(byRecord[missRegion.id].status).toBe('not_matched');
    expect(byRecord[missChannel.id].status).toBe('not_matched');
    expect(byRecord[missRegion.id].conditions.details[0]).toMatchObject({ field: 'customer_id.region', matched: false, actual: { province: '上海市', city: '上海市', code: '3101' } });
    expect(byRecord[missChannel.id].conditions.details.map((d: any) => d.matched)).toEqual([true, false, false]);
    expect((await admin.get(`/api/v1/deals/${hit.id}`)).body.data.probability).toBe(90);
    expect((await admin.get(`/api/v1/deals/${missRegion.id}`)).body.data.probability).toBe(10);
    await disable(rule.id);
  });

  it('record deleted → webhook: POSTs the JSON body with an HMAC-SHA256 signature and the idempotency key', async () => {
    hooks.received.length = 0;
    const rule = await createRule({ name: '删除通知', object: 'contacts', trigger: { kind: 'record_deleted' }, actions: [{ type: 'webhook', url: `${hookUrl}/hook`, secret: 's3cret' }] });
    const contact = await admin.create('contacts', { name: '将被删除' });
    await admin.delete(`/api/v1/contacts/${contact.id}`);
    const [run] = await settledRuns(rule.id);
    expect(run.status).toBe('done');
    expect(hooks.received).toHaveLength(1);
    const req = hooks.received[0];
    expect(req.url).toBe('/hook');
    expect(req.headers['x-crm-signature']).toBe(`sha256=${createHmac('sha256', 's3cret').update(req.raw).digest('hex')}`);
    expect(req.headers['x-crm-idempotency-key']).toBe(`${rule.id}:${run.event.key}:0`);
    expect(req.body).toMatchObject({ rule: { id: rule.id, name: '删除通知' }, event: { topic: 'record.deleted' }, object: 'contacts', record: { id: contact.id, name: '将被删除' } });
    expect(req.body.record.deleted_at).not.toBeNull();
    await disable(rule.id);
  });

  it('WeCom and DingTalk group robots get their documented message formats; DingTalk is signed', async () => {
    hooks.received.length = 0;
    const rule = await createRule({
      name: '新客户播报',
      object: 'customers',
      trigger: { kind: 'record_created' },
      actions: [
        { type: 'wecom_robot', url: `${hookUrl}/cgi-bin/webhook/send?key=abc`, content: '新客户：{{name}}', mentionedMobiles: ['13800000000'] },
        { type: 'dingtalk_robot', url: `${hookUrl}/robot/send?access_token=tok`, secret: 'SECabc', msgtype: 'markdown', title: '新客户', content: '### 新客户 {{name}}', atMobiles: ['13900000000'] },
      ],
    });
    const before = Date.now();
    await admin.create('customers', { name: '机器人客户' });
    const [run] = await settledRuns(rule.id);
    expect(run.status).toBe('done');
    const [wecom, ding] = hooks.received;
    expect(wecom.url).toBe('/cgi-bin/webhook/send?key=abc');
    expect(wecom.body).toEqual({ msgtype: 'text', text: { content: '新客户：机器人客户', mentioned_mobile_list: ['13800000000'] } });
    expect(ding.body).toEqual({ msgtype: 'markdown', markdown: { title: '新客户', text: '### 新客户 机器人客户' }, at: { atMobiles: ['13900000000'], isAtAll: false } });
    const url = new URL(ding.url, 'http://x');
    expect(url.searchParams.get('access_token')).toBe('tok');
    const timestamp = Number(url.searchParams.get('timestamp'));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SECabc').update(`${timestamp}\nSECabc`).digest('base64'));
    await disable(rule.id);
  });

  it('a robot that answers errcode ≠ 0 fails the action with its message', async () => {
    hooks.reply = { status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' };
    try {
      const rule = await createRule({ name: '签名错误', object: 'customers', trigger: { kind: 'record_created' }, actions: [{ type: 'dingtalk_robot', url: `${hookUrl}/robot/send`, content: 'x' }] });
      await admin.create('customers', { name: '签名错误客户' });
      const run = await waitFor(async () => (await runsOf(rule.id)).find((r) => r.status === 'failed'));
      expect(run.actions[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('310000 sign not match') });
      await disable(rule.id);
    } finally {
      hooks.reply = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
    }
  });
});

describe('assignment', () => {
  it('territory table → team, then round-robin inside it; least loaded; a given user; the public pool', async () => {
    const north = await t.createTeam('华北测试团队');
    const a = await t.createUser({ role: 'sales_rep', teamId: north, name: '甲' });
    const b = await t.createUser({ role: 'sales_rep', teamId: north, name: '乙' });
    const territory = await admin.post('/api/v1/automation/territories', { field: 'region', value: '天津市', teamId: north });
    expect(territory.status).toBe(201);
    expect((await admin.post('/api/v1/automation/territories', { field: 'planet', value: 'x', teamId: north })).body.error.details[0].path).toBe('field');
    const rule = await createRule({ name: '线索分配', object: 'leads', trigger: { kind: 'record_created' }, actions: [{ type: 'assign_owner', mode: 'territory' }] });
    const leads = [];
    for (let i = 0; i < 4; i++) leads.push(await admin.create('leads', { name: `天津线索${i}`, region: { province: '天津市' } }));
    const elsewhere = await admin.create('leads', { name: '外地线索', region: { province: '广东省' } });
    const assigned = await settledRuns(rule.id, 5);
    const owners = [];
    for (const lead of leads) owners.push((await admin.get(`/api/v1/leads/${lead.id}`)).body.data.owner_id);
    const sorted = [a.id, b.id].sort();
    // Round-robin: runs may execute in any order, but four leads over two members give each two.
    expect(owners.filter((o) => o === sorted[0]), JSON.stringify(assigned.map((r) => r.actions[0]?.result))).toHaveLength(2);
    expect(owners.filter((o) => o === sorted[1])).toHaveLength(2);
    expect((await admin.get(`/api/v1/leads/${elsewhere.id}`)).body.data.owner_id).toBe(t.admin.id);
    await disable(rule.id);

    // Least loaded: b gets the next lead if a owns more.
    await admin.create('leads', { name: '甲的线索', owner_id: a.id });
    await admin.create('leads', { name: '甲的线索2', owner_id: a.id });
    const least = await createRule({ name: '最少负载', object: 'leads', trigger: { kind: 'record_created' }, conditions: { field: 'source', op: 'eq', value: 'ads' }, actions: [{ type: 'assign_owner', mode: 'least_loaded', teamId: north }] });
    const lead = await admin.create('leads', { name: '广告线索', source: 'ads' });
    await waitFor(async () => (await runsOf(least.id)).find((r) => r.record_id === lead.id && r.status === 'done'));
    expect((await admin.get(`/api/v1/leads/${lead.id}`)).body.data.owner_id).toBe(b.id);
    await disable(least.id);

    // A given user, then the public pool.
    const pool = await createRule({
      name: '分给甲再进公海',
      object: 'customers',
      trigger: { kind: 'record_created' },
      conditions: { field: 'name', op: 'starts_with', value: '公海' },
      actions: [{ type: 'assign_owner', mode: 'user', userId: a.id }, { type: 'move_to_pool' }],
    });
    const customer = await admin.create('customers', { name: '公海客户' });
    const run = await waitFor(async () => (await runsOf(pool.id)).find((r) => r.record_id === customer.id && r.status === 'done'));
    expect(run.actions.map((x: any) => x.result)).toEqual([expect.objectContaining({ assigned: a.id }), { previousOwner: a.id }]);
    expect((await admin.get(`/api/v1/customers/${customer.id}`)).body.data.owner_id).toBeNull();
    await disable(pool.id);
  });
});

describe('reliability', () => {
  it('the same event delivered twice plans one run and takes effect once', async () => {
    const rule = await createRule({ name: '重复投递', object: 'customers', trigger: { kind: 'record_created' }, conditions: { field: 'name', op: 'eq', value: '重复投递客户' }, actions: [{ type: 'create_task', title: '回访 {{name}}', assignee: { kind: 'owner' }, due: { amount: 1, unit: 'days' } }] });
    const customer = await admin.create('customers', { name: '重复投递客户' });
    const run = await waitFor(async () => (await runsOf(rule.id)).find((r) => r.status === 'done'));
    const outbox = await db().selectFrom('outbox').selectAll().where('record_id', '=', customer.id).executeTakeFirstOrThrow();
    const event = { id: String(outbox.id), topic: outbox.topic, object: outbox.object, recordId: outbox.record_id, payload: outbox.payload as any, createdAt: new Date(outbox.created_at).toISOString() };
    await automation.handleEvent(event);
    await t.crm.bus.publish(event);
    const { executeRun } = await import('../src/modules/automation/runs/execute-run.js');
    await executeRun(automation, run.id);
    expect((await runsOf(rule.id)).map((r) => [r.record_id, r.event.key]), JSON.stringify(await runsOf(rule.id))).toEqual([[customer.id, `event:${outbox.id}`]]);
    expect((await admin.list('tasks', { filter: { field: 'customer_id', op: 'eq', value: customer.id } })).body.data).toHaveLength(1);
    await disable(rule.id);
  });

  it('a rule that keeps changing its own record stops at chain depth 5, and the log says so', async () => {
    const rule = await createRule({
      name: '自我循环',
      object: 'contacts',
      trigger: { kind: 'record_updated' },
      actions: [{ type: 'update_fields', updates: [{ op: 'template', field: 'title', template: 'v{{version}}' }] }],
    });
    const contact = await admin.create('contacts', { name: '循环联系人' });
    await admin.patch(`/api/v1/contacts/${contact.id}`, { title: 'start' });
    const runs = await waitFor(async () => {
      const all = await runsOf(rule.id);
      return all.some((r) => r.status === 'stopped') && all.every((r) => r.status !== 'pending') ? all : null;
    });
    expect(runs.map((r) => r.depth).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const stopped = runs.find((r) => r.status === 'stopped');
    expect(stopped.depth).toBe(5);
    expect(stopped.error).toContain('chain stopped');
    expect(stopped.actions).toEqual([]);
    expect(runs.filter((r) => r.status === 'done')).toHaveLength(5);
    const timeline = (await admin.get(`/api/v1/contacts/${contact.id}/timeline`)).body.data as any[];
    expect(timeline.filter((e) => e.kind === 'extension' && e.status === 'error')).toHaveLength(1);
    await disable(rule.id);
  });

  it('a failed action is visible with its error and can be retried; done actions are not repeated', async () => {
    hooks.received.length = 0;
    hooks.reply = { status: 503, body: 'down for maintenance' };
    const rule = await createRule({
      name: '失败重试',
      object: 'customers',
      trigger: { kind: 'record_created' },
      conditions: { field: 'name', op: 'eq', value: '重试客户' },
      actions: [
        { type: 'create_task', title: '先建任务', assignee: { kind: 'owner' }, due: { amount: 1, unit: 'hours' } },
        { type: 'webhook', url: `${hookUrl}/flaky` },
      ],
    });
    const reader = await t.createUser({ role: 'sales_rep' });
    const customer = await admin.create('customers', { name: '重试客户', owner_id: reader.id });
    const failed = await waitFor(async () => (await runsOf(rule.id, { status: 'failed' }))[0]);
    expect(failed.error).toContain('503');
    expect(failed.actions.map((a: any) => a.status)).toEqual(['done', 'failed']);
    expect(failed.actions[1].error).toContain('down for maintenance');
    // The record's timeline: administrators see why; its other readers see which action failed, not what the server answered.
    const entryFor = async (client: typeof admin) =>
      (await client.get(`/api/v1/customers/${customer.id}/timeline`)).body.data.find((e: any) => e.source === 'automation' && e.title === '失败重试');
    expect((await entryFor(admin)).detail).toContain('down for maintenance');
    const seen = await entryFor(reader.client);
    expect(seen).toMatchObject({ status: 'error', detail: '创建任务/跟进：成功，调用 Webhook：失败' });
    expect(JSON.stringify(seen)).not.toContain('maintenance');
    expect((await admin.get('/api/v1/automation/rules')).body.data.find((r: any) => r.id === rule.id).failures).toBe(1);
    hooks.reply = { status: 200, body: '{}' };
    expect((await admin.post(`/api/v1/automation/runs/${failed.id}/retry`)).status).toBe(202);
    const done = await waitFor(async () => (await runsOf(rule.id, { status: 'done' }))[0]);
    expect(done.actions.map((a: any) => a.status)).toEqual(['done', 'done']);
    expect(done.actions[1].attempts).toBeGreaterThanOrEqual(2);
    expect((await admin.list('tasks', { filter: { field: 'customer_id', op: 'eq', value: customer.id } })).body.data).toHaveLength(1);
    expect(hooks.received.filter((r) => r.url === '/flaky').length).toBeGreaterThanOrEqual(2);
    expect((await admin.post(`/api/v1/automation/runs/${done.id}/retry`)).status).toBe(400);
    await disable(rule.id);
  });
});

describe('dry run', () => {
  it('shows what a saved or unsaved rule would do to a record, without doing it', async () => {
    const team = await t.createTeam('预演团队');
    const member = await t.createUser({ role: 'sales_rep', teamId: team, name: '预演成员' });
    const customer = await admin.create('customers', { name: '预演客户', region: { province: '北京市' } });
    const deal = await admin.create('deals', { name: '预演商机', customer_id: customer.id, stage: 'proposal' });
    const rule = await createRule({
      name: '预演',
      object: 'deals',
      enabled: false,
      trigger: { kind: 'record_updated' },
      conditions: { field: 'customer_id.region', op: 'eq', value: '北京市' },
      actions: [
        { type: 'update_fields', updates: [{ op: 'template', field: 'name', template: '{{customer.name}} 续约' }] },
        { type: 'assign_owner', mode: 'round_robin', teamId: team },
      ],
    });
    const res = await admin.post('/api/v1/automation/dry-run', { ruleId: rule.id, recordId: deal.id });
    expect(res.status).toBe(200);
    expect(res.body.data.matched).toBe(true);
    expect(res.body.data.conditions).toEqual([{ field: 'customer_id.region', op: 'eq', value: '北京市', actual: { province: '北京市', city: '北京市', code: '1101' }, matched: true }]);
    expect(res.body.data.actions.map((a: any) => a.description)).toEqual(['set name = "预演客户 续约"', `assign to 预演成员 (round-robin in 预演团队)`]);
    const unsaved = await admin.post('/api/v1/automation/dry-run', { rule: { name: 'x', object: 'deals', trigger: { kind: 'record_created' }, conditions: { field: 'stage', op: 'eq', value: 'won' } }, recordId: deal.id });
    expect(unsaved.body.data.matched).toBe(false);
    const stored = (await admin.get(`/api/v1/deals/${deal.id}`)).body.data;
    expect(stored).toMatchObject({ name: '预演商机', owner_id: t.admin.id, version: deal.version });
    expect(await runsOf(rule.id)).toEqual([]);
    expect(await db().selectFrom('automation_assign_cursors').selectAll().where('team_id', '=', team).execute()).toEqual([]);
    expect((await admin.post('/api/v1/automation/dry-run', { ruleId: rule.id, recordId: '00000000-0000-0000-0000-000000000001' })).status).toBe(400);
    expect((await admin.post('/api/v1/automation/dry-run', { rule: { name: 'x', trigger: { kind: 'zzz' } } })).body.error.details[0].path).toBe('trigger.kind');
    expect(member.id).toBeTruthy();
  });
});

describe('time-based triggers (controllable clock)', () => {
  // The scans below count every run they plan; the shipped rules would add theirs as the clock jumps.
  beforeAll(() => disableShippedRules(db()));

  it('time relative to a date-time field: fires once when the due time is reached, never for records not yet due', async () => {
    const start = new Date('2030-01-01T00:00:00Z');
    const rule = await createRule({ name: '到期前3天', object: 'tasks', trigger: { kind: 'time_relative', field: 'due_at', amount: 3, unit: 'days', direction: 'before' }, conditions: { field: 'status', op: 'eq', value: 'open' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'priority', value: 'high' }] }] });
    await automation.scanDue(start); // a new rule starts watching from now
    const soon = await admin.create('tasks', { title: '快到期', due_at: '2030-01-04T06:00:00Z' });
    const later = await admin.create('tasks', { title: '还早', due_at: '2030-01-10T00:00:00Z' });
    const done = await admin.create('tasks', { title: '已完成', due_at: '2030-01-04T07:00:00Z', status: 'done' });
    expect(await automation.scanDue(new Date('2030-01-01T05:00:00Z'))).toBe(0);
    await automation.scanDue(new Date('2030-01-01T08:00:00Z'));
    await automation.scanDue(new Date('2030-01-01T09:00:00Z'));
    const runs = await settledRuns(rule.id, 2);
    expect(runs.map((r) => [r.record_id, r.status]).sort()).toEqual([[soon.id, 'done'], [done.id, 'not_matched']].sort());
    expect((await admin.get(`/api/v1/tasks/${soon.id}`)).body.data.priority).toBe('high');
    expect((await admin.get(`/api/v1/tasks/${later.id}`)).body.data.priority).toBe('normal');
    await disable(rule.id);
  });

  it('time relative to a date field, in the install time zone (Asia/Shanghai)', async () => {
    const rule = await createRule({ name: '预计成交后7天', object: 'deals', trigger: { kind: 'time_relative', field: 'expected_close_date', amount: 7, unit: 'days', direction: 'after' }, actions: [] });
    await automation.scanDue(new Date('2031-03-01T00:00:00Z'));
    const deal = await admin.create('deals', { name: '日期商机', expected_close_date: '2031-03-05', stage: 'initial' });
    // 2031-03-12 00:00 in Shanghai is 2031-03-11T16:00Z.
    await automation.scanDue(new Date('2031-03-11T15:59:00Z'));
    expect(await runsOf(rule.id)).toEqual([]);
    await automation.scanDue(new Date('2031-03-11T16:00:00Z'));
    expect((await runsOf(rule.id)).map((r) => r.record_id)).toEqual([deal.id]);
    await disable(rule.id);
  });

  it('no follow-up for N days: from the last follow-up, or from creation if there was none', async () => {
    const rule = await createRule({ name: '14天未跟进', object: 'customers', trigger: { kind: 'no_activity', days: 14 }, conditions: { field: 'name', op: 'starts_with', value: '冷淡' }, actions: [{ type: 'update_fields', updates: [{ op: 'add_tag', field: 'tags', value: '待跟进' }] }] });
    const t0 = new Date('2032-05-01T00:00:00Z');
    // The rule's first scan also takes the customers earlier tests left idle (they do not match its conditions).
    await automation.scanDue(t0);
    const before = (await runsOf(rule.id)).length;
    const ours = async () => (await runsOf(rule.id)).slice(0, -before || undefined);
    const never = await admin.create('customers', { name: '冷淡甲' });
    const followed = await admin.create('customers', { name: '冷淡乙' });
    await db().updateTable('customers' as never).set({ created_at: '2032-04-18T00:00:00Z' } as never).where('id' as never, '=', never.id as never).execute();
    await db().updateTable('customers' as never).set({ created_at: '2032-04-01T00:00:00Z', last_activity_at: '2032-04-25T00:00:00Z' } as never).where('id' as never, '=', followed.id as never).execute();
    await automation.scanDue(new Date('2032-05-03T00:00:00Z'));
    expect((await ours()).map((r) => r.record_id)).toEqual([never.id]);
    await automation.scanDue(new Date('2032-05-10T00:00:00Z'));
    await settledRuns(rule.id, before + 2);
    const runs = await ours();
    expect(runs.map((r) => r.record_id).sort()).toEqual([never.id, followed.id].sort());
    expect((await admin.get(`/api/v1/customers/${never.id}`)).body.data.tags).toEqual(['待跟进']);
    await disable(rule.id);
  });

  it('a cron schedule in the install time zone fires once per slot, once after downtime', async () => {
    hooks.received.length = 0;
    const rule = await createRule({ name: '每周一9点', trigger: { kind: 'schedule', cron: '0 9 * * 1' }, actions: [{ type: 'webhook', url: `${hookUrl}/weekly` }] });
    await automation.scanDue(new Date('2033-01-01T00:00:00Z')); // a Saturday
    // Monday 2033-01-03 09:00 in Shanghai = 01:00Z.
    expect(await automation.scanDue(new Date('2033-01-03T00:59:00Z'))).toBe(0);
    expect(await automation.scanDue(new Date('2033-01-03T01:00:30Z'))).toBe(1);
    expect(await automation.scanDue(new Date('2033-01-03T02:00:00Z'))).toBe(0);
    // Three Mondays pass while the server is down: one run, not three.
    expect(await automation.scanDue(new Date('2033-01-25T00:00:00Z'))).toBe(1);
    await settledRuns(rule.id, 2);
    expect(hooks.received.filter((r) => r.url === '/weekly')).toHaveLength(2);
    expect((await runsOf(rule.id)).map((r) => r.event.at).sort()).toEqual(['2033-01-03T01:00:00.000Z', '2033-01-24T01:00:00.000Z']);
    await disable(rule.id);
  });
});

describe('helpers for other modules and the editor', () => {
  it('the manager of a user is the lead of their team, or of the nearest parent team with one', async () => {
    const { managerOf } = await import('../src/modules/automation/index.js');
    const parent = await t.createTeam('经理测试部');
    const child = await t.createTeam('经理测试组', parent);
    const boss = await t.createUser({ role: 'sales_manager', teamId: parent });
    const rep = await t.createUser({ role: 'sales_rep', teamId: child });
    expect(await managerOf(db(), rep.id)).toBeNull();
    expect((await admin.patch(`/api/v1/teams/${parent}`, { leadUserId: '00000000-0000-0000-0000-000000000009' })).status).toBe(400);
    const patched = await admin.patch(`/api/v1/teams/${parent}`, { leadUserId: boss.id });
    expect(patched.body.data.lead_user_id).toBe(boss.id);
    // A patch leaves out what it does not name: renaming keeps the lead and the parent.
    const renamed = await admin.patch(`/api/v1/teams/${child}`, { name: '经理测试组2' });
    expect(renamed.body.data).toMatchObject({ name: '经理测试组2', parent_id: parent, lead_user_id: null });
    expect((await admin.patch(`/api/v1/teams/${parent}`, { name: '经理测试部2' })).body.data.lead_user_id).toBe(boss.id);
    expect(await managerOf(db(), rep.id)).toBe(boss.id);
    expect(await managerOf(db(), boss.id)).toBeNull();
  });

  it('previews a cron expression in the install time zone, and refuses a bad one naming it', async () => {
    automation.now = () => new Date('2034-01-01T00:00:00Z'); // a Sunday
    try {
      const res = await admin.get('/api/v1/automation/cron-preview?cron=0%209%20*%20*%201');
      expect(res.body.data).toEqual({ timeZone: 'Asia/Shanghai', next: ['2034-01-02T01:00:00.000Z', '2034-01-09T01:00:00.000Z', '2034-01-16T01:00:00.000Z'] });
    } finally {
      automation.now = () => new Date();
    }
    const bad = await admin.get('/api/v1/automation/cron-preview?cron=61%20*%20*%20*%20*');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('cron');
  });
});

describe('inbound events from other modules', () => {
  it('automation.emit fires rules with an event trigger, after the emitting transaction commits', async () => {
    hooks.received.length = 0;
    const rule = await createRule({ name: '表单提交', trigger: { kind: 'event', event: 'webform.submitted' }, actions: [{ type: 'webhook', url: `${hookUrl}/form` }] });
    await automation.emit('webform.submitted', { data: { form: '官网咨询', name: '访客' } });
    await automation.emit('website.visited', { data: {} });
    const [run] = await settledRuns(rule.id);
    expect(run.status).toBe('done');
    const received = hooks.received.filter((r) => r.url === '/form');
    expect(received).toHaveLength(1);
    expect(received[0].body.event).toMatchObject({ topic: 'webform.submitted', data: { form: '官网咨询', name: '访客' } });
    await disable(rule.id);
  });

  it('modules register their own action types, which get the rule, record, event and transaction', async () => {
    const seen: any[] = [];
    const { z } = await import('zod');
    automation.registerAction<{ note: string }>('test_note', {
      schema: z.object({ note: z.string() }).strict(),
      needsRecord: true,
      describe: (ctx) => `note ${ctx.config.note}`,
      async run(ctx) {
        const { rows } = await (await import('kysely')).sql<{ one: number }>`SELECT 1 AS one`.execute(ctx.trx);
        seen.push({ rule: ctx.rule.name, record: ctx.record?.name, topic: ctx.event.topic, one: rows[0].one });
        return { noted: ctx.config.note };
      },
    });
    const rule = await createRule({ name: '插件动作', object: 'leads', trigger: { kind: 'record_created' }, conditions: { field: 'name', op: 'eq', value: '插件线索' }, actions: [{ type: 'test_note', note: 'hi' }] });
    await admin.create('leads', { name: '插件线索' });
    const run = await waitFor(async () => (await runsOf(rule.id, { status: 'done' }))[0]);
    expect(run.actions[0].result).toEqual({ noted: 'hi' });
    expect(seen).toEqual([{ rule: '插件动作', record: '插件线索', topic: 'record.created', one: 1 }]);
    expect((await admin.get('/api/v1/automation/catalog')).body.data.actions).toContain('test_note');
    await disable(rule.id);
  });
});

describe('run log retention', () => {
  it('deletes finished runs older than the retention with their action runs, and keeps failed and recent ones', async () => {
    const rule = await createRule({
      name: '保留期测试',
      object: 'customers',
      trigger: { kind: 'record_created' },
      conditions: { field: 'name', op: 'starts_with', value: '保留期' },
      actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'industry', value: 'it' }] }],
    });
    for (const name of ['保留期 甲', '保留期 乙', '保留期 丙']) expect((await admin.post('/api/v1/customers', { name })).status).toBe(201);
    const runs = await settledRuns(rule.id, 3);
    const [oldDone, oldFailed] = runs.map((r) => r.id as string);
    await db().updateTable('automation_runs').set({ started_at: new Date(Date.now() - 100 * 86_400_000) }).where('id', 'in', [oldDone, oldFailed]).execute();
    await db().updateTable('automation_runs').set({ status: 'failed' }).where('id', '=', oldFailed).execute();

    expect(await pruneRunLog(db(), 90)).toBe(1);
    expect((await runsOf(rule.id)).map((r) => r.id).sort()).toEqual(runs.map((r) => r.id).filter((id) => id !== oldDone).sort());
    expect(await db().selectFrom('automation_action_runs').select('id').where('run_id', '=', oldDone).execute()).toEqual([]);
    await disable(rule.id);
  });
});
