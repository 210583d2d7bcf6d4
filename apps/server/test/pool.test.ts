import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleId } from '../src/accounts/bootstrap.js';
import { automationOf } from '../src/modules/automation/index.js';
import type { AutomationService } from '../src/modules/automation/service.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';

/** The public pool (公海): list, claim (race, cap per role), release, and the shipped recycling rules. */
process.env.AUTOMATION_SCAN_MS = '3600000'; // scans run on the test's own clock

let t: TestCrm;
let automation: AutomationService;
let a: TestUser & { teamId: string };
let b: TestUser;
const db = () => t.crm.handle.db;

/** A record nobody owns, created by the administrator. */
const poolRecord = (object: string, values: Record<string, unknown>) => t.admin.client.create(object, { ...values, owner_id: null });
const ownerOf = async (object: string, id: string) => (await t.admin.client.get(`/api/v1/${object}/${id}`)).body.data.owner_id;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  automation = automationOf(t.crm.modules);
  const team = await t.createTeam('华南团队');
  a = { ...(await t.createUser({ role: 'sales_rep', teamId: team, name: '张三' })), teamId: team };
  b = await t.createUser({ role: 'sales_rep', teamId: team, name: '李四' });
});
afterAll(() => t?.close());

describe('the pool list', () => {
  it('shows reps the ownerless records they could not otherwise see, and only those', async () => {
    const open = await poolRecord('customers', { name: '公海客户甲' });
    await a.client.create('customers', { name: '张三自己的客户' });
    const list = await b.client.get('/api/v1/pool/customers?count=true');
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: any) => r.name)).toContain('公海客户甲');
    expect(list.body.data.every((r: any) => r.owner_id === null)).toBe(true);
    expect(list.body.data.map((r: any) => r.name)).not.toContain('张三自己的客户');
    // Outside the pool the rep's own scope still applies.
    expect((await b.client.get(`/api/v1/customers/${open.id}`)).status).toBe(404);
    const searched = await b.client.get(`/api/v1/pool/customers?q=${encodeURIComponent('公海客户甲')}`);
    expect(searched.body.data).toHaveLength(1);
    expect((await b.client.get('/api/v1/pool/deals')).status).toBe(404);
    expect((await t.anon.get('/api/v1/pool/customers')).status).toBe(401);
  });
});

describe('claiming and releasing', () => {
  it('claims a pool record; a second claim gets "已被 X 领取" only from who may read it; the claim is audited', async () => {
    const c = await poolRecord('customers', { name: '公海客户乙' });
    const claimed = await a.client.post(`/api/v1/pool/customers/${c.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.data.owner_id).toBe(a.id);
    expect((await a.client.get(`/api/v1/customers/${c.id}`)).status).toBe(200);
    const late = await b.client.post(`/api/v1/pool/customers/${c.id}/claim`);
    expect(late.status).toBe(409);
    // b may not read a's records: the refusal must not say who has it.
    expect(late.body.error.message).toContain('已被他人领取');
    expect(late.text).not.toContain('张三');
    expect(late.text).not.toContain(a.id);
    // A manager of the team reads a's records anyway, so is told.
    const manager = await t.createUser({ role: 'sales_manager', teamId: a.teamId, name: '王经理' });
    const told = await manager.client.post(`/api/v1/pool/customers/${c.id}/claim`);
    expect(told.status).toBe(409);
    expect(told.body.error.message).toContain('已被 张三 领取');
    const audit = await db().selectFrom('audit_log').selectAll().where('record_id', '=', c.id).where('action', '=', 'update').execute();
    expect(audit.map((e) => e.actor_id)).toEqual([a.id]);
    const events = await db().selectFrom('outbox').select('payload').execute();
    expect(events.some((e) => JSON.stringify(e.payload).includes(c.id) && JSON.stringify(e.payload).includes('"claim"'))).toBe(true);
  });

  it('two reps claiming the same records at the same moment: exactly one wins each', async () => {
    const records = await Promise.all(Array.from({ length: 8 }, (_, i) => poolRecord('customers', { name: `抢单客户${i}` })));
    const results = await Promise.all(records.flatMap((r) => [a.client.post(`/api/v1/pool/customers/${r.id}/claim`), b.client.post(`/api/v1/pool/customers/${r.id}/claim`)]));
    for (let i = 0; i < records.length; i++) {
      const pair = [results[2 * i], results[2 * i + 1]];
      expect(pair.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = pair.find((r) => r.status === 200)!.body.data.owner_id;
      const loser = pair.find((r) => r.status === 409)!;
      expect(loser.body.error.message).toContain('已被他人领取');
      expect(await ownerOf('customers', records[i].id)).toBe(winner);
      // One owner change in the audit log, not two.
      const changes = await db().selectFrom('audit_log').select('id').where('record_id', '=', records[i].id).where('action', '=', 'update').execute();
      expect(changes).toHaveLength(1);
    }
  });

  it('releases: the owner may, others may not; a pool record cannot be released again', async () => {
    const c = await poolRecord('customers', { name: '退回测试客户' });
    expect((await a.client.post(`/api/v1/pool/customers/${c.id}/claim`)).status).toBe(200);
    const foreign = await b.client.post(`/api/v1/pool/customers/${c.id}/release`);
    expect(foreign.status).toBe(403);
    const released = await a.client.post(`/api/v1/pool/customers/${c.id}/release`);
    expect(released.status).toBe(200);
    expect(await ownerOf('customers', c.id)).toBeNull();
    expect((await a.client.post(`/api/v1/pool/customers/${c.id}/release`)).status).toBe(409);
    expect((await a.client.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
    // An administrator may return anyone's record to the pool.
    expect((await b.client.post(`/api/v1/pool/customers/${c.id}/claim`)).status).toBe(200);
    expect((await t.admin.client.post(`/api/v1/pool/customers/${c.id}/release`)).status).toBe(200);
    expect((await a.client.post('/api/v1/pool/customers/00000000-0000-4000-8000-000000000000/claim')).status).toBe(404);
  });

  it('works for leads too', async () => {
    const lead = await poolRecord('leads', { name: '公海线索', mobile: '13811112222' });
    expect((await b.client.get('/api/v1/pool/leads')).body.data.map((r: any) => r.id)).toContain(lead.id);
    expect((await b.client.post(`/api/v1/pool/leads/${lead.id}/claim`)).status).toBe(200);
    expect((await b.client.get(`/api/v1/leads/${lead.id}`)).body.data.owner_id).toBe(b.id);
  });
});

describe('the cap per role', () => {
  it('refuses a claim past the role’s cap with a message naming it, also for simultaneous claims', async () => {
    const role = await roleId(db(), 'sales_rep');
    const rep = await t.createUser({ role: 'sales_rep', name: '王五' });
    await rep.client.create('customers', { name: '王五的老客户' });
    expect((await rep.client.request('PUT', '/api/v1/pool-caps', { caps: [{ roleId: role, object: 'customers', maxOwned: 2 }] })).status).toBe(403);
    const saved = await t.admin.client.request('PUT', '/api/v1/pool-caps', { caps: [{ roleId: role, object: 'customers', maxOwned: 2 }] });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toEqual([{ roleId: role, object: 'customers', maxOwned: 2 }]);
    const bad = await t.admin.client.request('PUT', '/api/v1/pool-caps', { caps: [{ roleId: role, object: 'deals', maxOwned: 2 }] });
    expect(bad.body.error.details[0].path).toBe('caps.0.object');

    const [x, y, z] = await Promise.all(['限额一', '限额二', '限额三'].map((name) => poolRecord('customers', { name })));
    // Two at once with room for one: the user's claims queue up, so only one gets through.
    const both = await Promise.all([x, y].map((r) => rep.client.post(`/api/v1/pool/customers/${r.id}/claim`)));
    expect(both.map((r) => r.status).sort()).toEqual([200, 422]);
    const refused = both.find((r) => r.status === 422)!;
    expect(refused.body.error.message).toContain('最多可拥有 2 条客户');
    expect(refused.body.error.details[0].path).toBe('cap');
    expect((await rep.client.post(`/api/v1/pool/customers/${z.id}/claim`)).status).toBe(422);
    expect((await rep.client.get('/api/v1/pool-usage')).body.data.customers).toEqual({ owned: 2, cap: 2 });
    // Leads have no cap, and removing the customers cap lifts the limit.
    await t.admin.client.request('PUT', '/api/v1/pool-caps', { caps: [{ roleId: role, object: 'customers', maxOwned: null }] });
    expect((await rep.client.post(`/api/v1/pool/customers/${z.id}/claim`)).status).toBe(200);
  });
});

describe('shipped rules: back to the pool after 30 days without follow-up, warning 3 days before', () => {
  const notificationsOf = async (user: TestUser) => (await user.client.get('/api/v1/notifications')).body.data as Array<{ title: string; body: string | null; link: string | null }>;

  it('are enabled by default', async () => {
    const rules = (await t.admin.client.get('/api/v1/automation/rules')).body.data as any[];
    const byKey = Object.fromEntries(rules.filter((r) => r.builtinKey).map((r) => [r.builtinKey, r]));
    expect(byKey.customer_pool_recycle).toMatchObject({ enabled: true, object: 'customers', trigger: { kind: 'no_activity', days: 30 }, actions: [{ type: 'move_to_pool' }] });
    expect(byKey.customer_pool_recycle_warning).toMatchObject({ enabled: true, trigger: { kind: 'no_activity', days: 27 }, actions: [{ type: 'notify', recipients: 'owner' }] });
  });

  it('warns the owner on day 27 and returns the customer to the pool on day 30; a follow-up resets the clock', async () => {
    const start = new Date('2045-03-01T00:00:00Z');
    // The rules' first scan acts on every customer already idle 30 days: keep this test's earlier ones out of it.
    await db().updateTable('customers' as never).set({ last_activity_at: start.toISOString() } as never).execute();
    await automation.scanDue(start);
    const stale = await a.client.create('customers', { name: '久未跟进科技' });
    const active = await a.client.create('customers', { name: '常联系贸易' });
    const day = (n: number) => new Date(start.getTime() + n * 86_400_000);
    for (const c of [stale, active]) await db().updateTable('customers' as never).set({ last_activity_at: day(1).toISOString() } as never).where('id' as never, '=', c.id as never).execute();
    // A follow-up on day 20 keeps the second customer.
    await a.client.create('activities', { type: 'call', subject: '电话回访', customer_id: active.id, occurred_at: day(20).toISOString() });

    await automation.scanDue(day(28.5)); // 27.5 days after the last follow-up
    const [warning] = await waitFor(async () => {
      const list = (await notificationsOf(a)).filter((n) => n.title.includes('久未跟进科技'));
      return list.length ? list : undefined;
    });
    expect(warning).toMatchObject({ title: '客户即将退回公海：久未跟进科技', link: `/o/customers/${stale.id}` });
    expect(warning.body).toContain('3 天后');
    expect(await ownerOf('customers', stale.id)).toBe(a.id);

    await automation.scanDue(day(31.5)); // 30.5 days after it
    await waitFor(async () => (await ownerOf('customers', stale.id)) === null, 20_000, 'recycled');
    expect(await ownerOf('customers', active.id)).toBe(a.id);
    expect((await notificationsOf(a)).filter((n) => n.title.includes('常联系贸易'))).toEqual([]);
    expect((await b.client.get('/api/v1/pool/customers')).body.data.map((r: any) => r.id)).toContain(stale.id);
  });
});

describe('recycling customers that were idle before the rule was switched on', () => {
  const setRule = async (key: string, enabled: boolean) => {
    const rule = ((await t.admin.client.get('/api/v1/automation/rules')).body.data as any[]).find((r) => r.builtinKey === key);
    expect((await t.admin.client.patch(`/api/v1/automation/rules/${rule.id}`, { enabled })).status).toBe(200);
    return rule.id as string;
  };
  const idleSince = (id: string, at: string) => db().updateTable('customers' as never).set({ last_activity_at: at } as never).where('id' as never, '=', id as never).execute();

  it('recycles every customer already idle past the threshold at the first scan, once', async () => {
    await setRule('customer_pool_recycle_warning', false);
    await setRule('customer_pool_recycle', false);
    const old = await a.client.create('customers', { name: '半年没联系工业' });
    const fresh = await a.client.create('customers', { name: '上周刚拜访商贸' });
    await idleSince(old.id, '2046-01-01T00:00:00Z');
    await idleSince(fresh.id, '2046-06-25T00:00:00Z');
    // Idle for half a year while the rule was off; then an admin switches it on.
    const ruleId = await setRule('customer_pool_recycle', true);
    await automation.scanDue(new Date('2046-07-01T00:00:00Z'));
    await waitFor(async () => (await ownerOf('customers', old.id)) === null, 20_000, 'the long-idle customer recycled');
    expect(await ownerOf('customers', fresh.id)).toBe(a.id);

    // Switched off and on again: the same idle spell is not acted on twice.
    await db().updateTable('customers' as never).set({ owner_id: a.id } as never).where('id' as never, '=', old.id as never).execute();
    await setRule('customer_pool_recycle', false);
    await setRule('customer_pool_recycle', true);
    await automation.scanDue(new Date('2046-07-02T00:00:00Z'));
    const runs = await db().selectFrom('automation_runs').select('id').where('rule_id', '=', ruleId).where('record_id', '=', old.id).execute();
    expect(runs).toHaveLength(1);
    expect(await ownerOf('customers', old.id)).toBe(a.id);
  });
});
