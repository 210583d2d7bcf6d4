import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
let admin: Client;

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const messages = async (client: Client, ticketId: string) => (await client.get(`/api/v1/tickets/${ticketId}/messages`)).body.data as Array<{ id: string; text: string; kind: string }>;

async function say(client: Client, ticketId: string, text: string) {
  const latest = (await messages(client, ticketId)).at(-1)?.id ?? null;
  const res = await client.post(`/api/v1/tickets/${ticketId}/messages`, { kind: 'note', text, lastSeenMessageId: latest });
  expect(res.status, res.text).toBe(201);
  return res.body.data.id as string;
}

describe('merging tickets', () => {
  it('moves the messages to the target, closes the source with a link note, audits it; refuses repeats and itself', async () => {
    const customer = await admin.create('customers', { name: '星河贸易' });
    const source = await admin.create('tickets', { subject: '打印机离线（重复）', customer_id: customer.id });
    const target = await admin.create('tickets', { subject: '打印机离线', customer_id: customer.id });
    await say(admin, source.id, '重复来信一');
    await say(admin, source.id, '重复来信二');
    await say(admin, target.id, '原工单的记录');

    expect((await admin.post(`/api/v1/tickets/${source.id}/merge`, { targetId: source.id })).body.error.details[0].path).toBe('targetId');
    const merged = await admin.post(`/api/v1/tickets/${source.id}/merge`, { targetId: target.id });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body.data.movedMessages).toBe(2);

    const onTarget = (await messages(admin, target.id)).map((m) => m.text);
    expect(onTarget).toEqual(expect.arrayContaining(['原工单的记录', '重复来信一', '重复来信二']));
    expect(onTarget.some((m) => m.includes(String(source.number)))).toBe(true);
    const left = await messages(admin, source.id);
    expect(left).toHaveLength(1);
    expect(left[0].text).toContain(String(target.number));
    const after = (await admin.get(`/api/v1/tickets/${source.id}`)).body.data;
    expect(after).toMatchObject({ status: 'closed', merged_into_id: target.id });

    const audit = (await admin.get(`/api/v1/audit-log?object=tickets&recordId=${source.id}`)).body.data as Array<{ changes: Record<string, { to: unknown }> }>;
    expect(audit.some((a) => a.changes?.merged_into_id?.to === target.id)).toBe(true);

    const again = await admin.post(`/api/v1/tickets/${source.id}/merge`, { targetId: target.id });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].path).toBe('id');
  });

  it("an agent cannot merge into a ticket they may not change, and nothing moves", async () => {
    const agent = await t.createUser({ role: 'service_agent' });
    const mine = await admin.create('tickets', { subject: '我的工单', owner_id: agent.id });
    const foreign = await admin.create('tickets', { subject: '别人的工单' });
    await say(agent.client, mine.id, '我的记录');
    const res = await agent.client.post(`/api/v1/tickets/${mine.id}/merge`, { targetId: foreign.id });
    expect(res.status).toBe(403);
    expect(res.body.error.details[0].path).toBe('targetId');
    expect((await messages(agent.client, mine.id)).map((m) => m.text)).toEqual(['我的记录']);
    expect((await admin.get(`/api/v1/tickets/${mine.id}`)).body.data.status).toBe('new');
  });
});

describe('splitting a message off', () => {
  it('opens a new ticket for the customer with that message, notes on both; the only message stays', async () => {
    const customer = await admin.create('customers', { name: '蓝海物流' });
    const group = await admin.create('support_groups', { name: '拆分测试组' });
    const ticket = await admin.create('tickets', { subject: '发票问题', customer_id: customer.id, support_group_id: group.id, priority: 'high', category: 'billing' });
    await say(admin, ticket.id, '发票抬头写错了');
    const other = await say(admin, ticket.id, '另外，打印机也坏了\n型号 HP 1020');

    const split = await admin.post(`/api/v1/tickets/${ticket.id}/messages/${other}/split`, {});
    expect(split.status, split.text).toBe(201);
    const created = (await admin.get(`/api/v1/tickets/${split.body.data.id}`)).body.data;
    expect(created).toMatchObject({ subject: '另外，打印机也坏了', customer_id: customer.id, support_group_id: group.id, priority: 'high', category: 'billing' });
    expect(created.number).toBe(split.body.data.number);
    const moved = await messages(admin, created.id);
    expect(moved.map((m) => m.id)).toContain(other);
    expect(moved.some((m) => m.text.includes(String(ticket.number)))).toBe(true);
    const stayed = await messages(admin, ticket.id);
    expect(stayed.map((m) => m.id)).not.toContain(other);
    expect(stayed.some((m) => m.text.includes(String(created.number)))).toBe(true);

    const lone = await admin.create('tickets', { subject: '只有一条' });
    const only = await say(admin, lone.id, '唯一的消息');
    const refused = await admin.post(`/api/v1/tickets/${lone.id}/messages/${only}/split`, { subject: '新的' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('messageId');
    expect((await admin.post(`/api/v1/tickets/${lone.id}/messages/${other}/split`, {})).status).toBe(404);
  });
});
