import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { disableShippedRules } from './helpers/automation.js';
import { waitFor } from './helpers/local-servers.js';

/** 分配给我 (record_assigned): sent when a record becomes someone's by another's hand, never to the one who did it. */
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let rep: TestUser;
let other: TestUser;
let english: TestUser;
let team: string;
const db = () => t.crm.handle.db;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  await disableShippedRules(db());
  team = await t.createTeam('分配测试组');
  rep = await t.createUser({ role: 'sales_rep', teamId: team, name: '钱多多' });
  other = await t.createUser({ role: 'sales_rep', name: '孙小美' });
  english = await t.createUser({ role: 'sales_rep', name: 'Amy Lee', locale: 'en' });
});
afterAll(() => t?.close());

type Notice = { kind: string; title: string; body: string | null; link: string | null };
const assigned = async (user: TestUser) => ((await user.client.get('/api/v1/notifications?limit=100')).body.data as Notice[]).filter((n) => n.kind === 'record_assigned');
/** Waits until the user has `n` assignment notices and every event so far was handled. */
async function noticesOf(user: TestUser, n: number): Promise<Notice[]> {
  await waitFor(async () => {
    const pending = await db().selectFrom('outbox').select('id').where('dispatched_at', 'is', null).execute();
    const list = await assigned(user);
    return !pending.length && list.length >= n ? true : undefined;
  }, 20_000, `${n} notices`);
  // Events are handled in order, so a marker event handled after them proves nothing more is coming.
  const marker = await t.admin.client.create('customers', { name: `标记${Math.random()}`, owner_id: user.id });
  await waitFor(async () => ((await assigned(user)).some((x) => x.title.includes(marker.name as string)) ? true : undefined), 20_000, 'the marker notice');
  return (await assigned(user)).filter((x) => !x.title.includes('标记'));
}

describe('record_assigned', () => {
  it('tells the new owner of a manual change who made it, and links the record; nothing for your own records', async () => {
    const customer = await t.admin.client.create('customers', { name: '上海云帆科技' });
    expect((await t.admin.client.patch(`/api/v1/customers/${customer.id}`, { owner_id: rep.id, version: customer.version })).status).toBe(200);
    await rep.client.create('customers', { name: '自己建的客户' });
    const list = await noticesOf(rep, 1);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ title: '客户「上海云帆科技」已分配给您', link: `/o/customers/${customer.id}` });
    expect(list[0].body).toContain('由');
  });

  it('says nothing to a rep claiming from the pool', async () => {
    const open = await t.admin.client.create('customers', { name: '公海里的客户', owner_id: null });
    expect((await other.client.post(`/api/v1/pool/customers/${open.id}/claim`)).status).toBe(200);
    expect(await noticesOf(other, 0)).toEqual([]);
  });

  it('tells the owner an automation rule picked (round-robin), naming the rule', async () => {
    const rule = await t.admin.client.post('/api/v1/automation/rules', {
      name: '新线索轮流分配', object: 'leads', enabled: true, trigger: { kind: 'record_created' },
      conditions: { field: 'name', op: 'starts_with', value: '轮流' },
      actions: [{ type: 'assign_owner', mode: 'round_robin', teamId: team }],
    });
    expect(rule.status, rule.text).toBe(201);
    const lead = await t.admin.client.create('leads', { name: '轮流线索甲', owner_id: null });
    const list = await waitFor(async () => {
      const l = (await assigned(rep)).filter((n) => n.title.includes('轮流线索甲'));
      return l.length ? l : undefined;
    }, 20_000, 'the rule notice');
    expect(list[0]).toMatchObject({ title: '线索「轮流线索甲」已分配给您', body: '由自动化规则「新线索轮流分配」分配', link: `/o/leads/${lead.id}` });
  });

  it('makes one notice of a bulk owner transfer, in the recipient’s language', async () => {
    const rows = [];
    for (const name of ['Acme', 'Globex', 'Initech']) rows.push(await t.admin.client.create('customers', { name }));
    const res = await t.admin.client.post('/api/v1/customers/bulk', { action: 'update', rows: rows.map((r) => ({ id: r.id, version: r.version, owner_id: english.id })) });
    expect(res.status, res.text).toBe(200);
    const list = await noticesOf(english, 1);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ title: '3 customers were assigned to you', link: '/o/customers' });
    expect(list[0].body).toContain('Acme, Globex, Initech');
  });

  it('makes one summary notice per new owner of an import, however many rows', async () => {
    const csv = Buffer.from('客户名称,电话\n' + Array.from({ length: 25 }, (_, i) => `导入客户${i},1390000${String(i).padStart(4, '0')}`).join('\n'));
    const up = await t.app.inject({ method: 'POST', url: `/api/v1/imports?object=customers&fileName=${encodeURIComponent('客户名单.csv')}`, headers: { cookie: (t.admin.client as any).headers.cookie, 'content-type': 'application/octet-stream' }, payload: csv });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().data.id;
    expect((await t.admin.client.patch(`/api/v1/imports/${id}`, { options: { ownerId: other.id } })).status).toBe(200);
    expect((await t.admin.client.post(`/api/v1/imports/${id}/run`)).status).toBe(202);
    await waitFor(async () => ((await t.admin.client.get(`/api/v1/imports/${id}`)).body.data.status === 'done' ? true : undefined), 60_000, 'the import');
    const summary = await waitFor(async () => (await assigned(other)).find((n) => n.title.startsWith('导入')), 30_000, 'the import notice');
    expect(summary).toMatchObject({ title: '导入「客户名单.csv」：25 条客户已分配给您', link: '/o/customers' });
    expect(await noticesOf(other, 1)).toHaveLength(1);
  });
});
