import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/accounts/sessions.js';
import { markMissedChats } from '../src/modules/service-chat/sessions/missed-scan.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';
import { listenLocal, openSseStream, type SseStream } from './helpers/sse.js';

/** Live chat: routing to support groups, missed chats, typing, files, a new widget token. */
let t: TestCrm;
let base: string;
let token: string;
let pub: string;
const SITE = 'http://help.example.cn';
const streams: SseStream[] = [];
let billing: { id: string };
let shipping: { id: string };
let billingAgent: TestUser;
let shippingAgent: TestUser;
let shippingLead: TestUser;
let manager: TestUser;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const fromSite = (visitor?: string) => ({ origin: SITE, ...(visitor ? { 'x-chat-visitor': visitor } : {}) });
const cookieOf = async (user: TestUser) => ({ cookie: `crm_session=${await createSession(t.crm.handle.db, user.id)}` });
const track = (s: SseStream) => (streams.push(s), s);
const ids = (list: Array<{ id: string }>) => list.map((s) => s.id);

function multipart(file: { name: string; type: string; content: Buffer }, field = 'file') {
  const boundary = '----chat' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (url: string, headers: Record<string, string>, file: { name: string; type: string; content: Buffer }) => {
  const body = multipart(file);
  return t.app.inject({ method: 'POST', url, headers: { ...headers, ...body.headers }, payload: body.payload });
};

async function settings(extra: Record<string, unknown>) {
  const res = await t.admin.client.request('PUT', '/api/v1/chat/settings', { enabled: true, allowedOrigins: [SITE], greetingZh: '您好', greetingEn: 'Hi', offlineZh: '请留言', offlineEn: 'Leave a message', ...extra });
  if (res.status !== 200) throw new Error(`settings → ${res.status} ${res.text}`);
  return res.body.data;
}

async function startChat(body: Record<string, unknown>) {
  const res = await t.anon.post(`${pub}/sessions`, body, fromSite());
  if (res.status !== 201) throw new Error(`start → ${res.status} ${res.text}`);
  return res.body.data as { visitor: string; session: { id: string; status: string } };
}

beforeAll(async () => {
  process.env.CRM_SSE_HEARTBEAT_MS = '300';
  t = await startTestCrm();
  base = await listenLocal(t.app);
  billingAgent = await t.createUser({ role: 'service_agent', name: '账务客服' });
  shippingAgent = await t.createUser({ role: 'service_agent', name: '物流客服' });
  shippingLead = await t.createUser({ role: 'service_agent', name: '物流组长' });
  manager = await t.createUser({ role: 'support_manager', name: '客服主管' });
  billing = (await t.admin.client.create('support_groups', { name: '账务组' })) as { id: string };
  shipping = (await t.admin.client.create('support_groups', { name: '物流组', lead_user_id: shippingLead.id })) as { id: string };
  expect((await t.admin.client.request('PUT', `/api/v1/support_groups/${billing.id}/members`, { userIds: [billingAgent.id] })).status).toBe(200);
  expect((await t.admin.client.request('PUT', `/api/v1/support_groups/${shipping.id}/members`, { userIds: [shippingAgent.id] })).status).toBe(200);
  const saved = await settings({ defaultGroupId: shipping.id, topics: [{ key: 'invoice', zh: '发票', en: 'Invoices', groupId: billing.id }, { key: 'other', zh: '其他', en: 'Other', groupId: null }], missedAfterSeconds: 60 });
  token = /\/chat\/([0-9a-f]{32})\/widget\.js/.exec(saved.widgetUrl)![1];
  pub = `/api/v1/public/chat/${token}`;
  for (const agent of [billingAgent, shippingAgent, shippingLead, manager]) expect((await agent.client.request('PUT', '/api/v1/chat/agent', { online: true })).status).toBe(200);
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
  delete process.env.CRM_SSE_HEARTBEAT_MS;
});

describe('routing to support groups', () => {
  it('refuses settings naming a group that does not exist, naming the field', async () => {
    const res = await t.admin.client.request('PUT', '/api/v1/chat/settings', { enabled: true, allowedOrigins: [SITE], greetingZh: '您好', greetingEn: 'Hi', offlineZh: '请留言', offlineEn: 'Leave', topics: [{ key: 'x', zh: '某', en: 'X', groupId: '00000000-0000-4000-8000-000000000000' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('topics.0.groupId');
    expect((await t.admin.client.get('/api/v1/chat/settings')).body.data.topics.map((x: { key: string }) => x.key)).toEqual(['invoice', 'other']);
  });

  it('sends a topic’s chat to its group: only that group, the leads and managers see or take it', async () => {
    const config = (await t.anon.get(`${pub}/config`, fromSite())).body.data;
    expect(config.topics).toEqual([{ key: 'invoice', label: { zh: '发票', en: 'Invoices' } }, { key: 'other', label: { zh: '其他', en: 'Other' } }]);
    expect((await t.anon.post(`${pub}/sessions`, { text: '你好', topic: 'nope' }, fromSite())).body.error.details[0].path).toBe('topic');

    const invoice = await startChat({ text: '发票抬头错了', topic: 'invoice' });
    const unrouted = await startChat({ text: '随便问问', topic: 'other' });
    const queue = async (u: TestUser) => ids((await u.client.get('/api/v1/chat/sessions')).body.data);
    // "other" names no group: the widget's default group (物流组) takes it.
    expect(await queue(billingAgent)).toContain(invoice.session.id);
    expect(await queue(billingAgent)).not.toContain(unrouted.session.id);
    expect(await queue(shippingAgent)).toEqual(expect.arrayContaining([unrouted.session.id]));
    expect(await queue(shippingAgent)).not.toContain(invoice.session.id);
    expect(await queue(shippingLead)).toEqual(expect.arrayContaining([invoice.session.id, unrouted.session.id]));
    expect(await queue(manager)).toEqual(expect.arrayContaining([invoice.session.id, unrouted.session.id]));

    expect((await shippingAgent.client.get(`/api/v1/chat/sessions/${invoice.session.id}`)).status).toBe(404);
    expect((await shippingAgent.client.post(`/api/v1/chat/sessions/${invoice.session.id}/accept`)).status).toBe(404);
    const taken = await billingAgent.client.post(`/api/v1/chat/sessions/${invoice.session.id}/accept`);
    expect(taken.status).toBe(200);
    expect(taken.body.data).toMatchObject({ groupId: billing.id, groupName: '账务组', topic: 'invoice', agentId: billingAgent.id });
    expect((await shippingAgent.client.post(`/api/v1/chat/sessions/${unrouted.session.id}/accept`)).status).toBe(200);
    for (const id of [invoice.session.id]) expect((await billingAgent.client.post(`/api/v1/chat/sessions/${id}/end`, {})).status).toBe(200);
    expect((await shippingAgent.client.post(`/api/v1/chat/sessions/${unrouted.session.id}/end`, {})).status).toBe(200);
  });

  it('a chat routed to no group is everyone’s', async () => {
    await settings({ defaultGroupId: null });
    const open = await startChat({ text: '没有分组的咨询' });
    for (const u of [billingAgent, shippingAgent]) expect(ids((await u.client.get('/api/v1/chat/sessions')).body.data)).toContain(open.session.id);
    await t.anon.post(`${pub}/sessions/${open.session.id}/end`, {}, fromSite(open.visitor));
    await settings({ defaultGroupId: shipping.id });
  });
});

describe('missed chats', () => {
  it('a chat nobody accepts in time becomes a ticket of its group; the visitor is told and may still leave an e-mail', async () => {
    const chat = await startChat({ name: '钱先生', text: '退货怎么寄？', topic: 'invoice' });
    const visitor = track(await openSseStream(`${base}${pub}/sessions/${chat.session.id}/events?visitor=${encodeURIComponent(chat.visitor)}`, { origin: SITE }));
    const started = (await t.crm.handle.db.selectFrom('chat_sessions').select('started_at').where('id', '=', chat.session.id).executeTakeFirstOrThrow()).started_at;
    // Not yet: 59 s after it started (the configured time is 60 s).
    expect(await markMissedChats(t.crm.modules, new Date(started.getTime() + 59_000))).toBe(0);
    const late = new Date(started.getTime() + 61_000);
    const [a, b] = await Promise.all([markMissedChats(t.crm.modules, late), markMissedChats(t.crm.modules, late)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const row = await t.crm.handle.db.selectFrom('chat_sessions').selectAll().where('id', '=', chat.session.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('missed');
    const tickets = (await t.admin.client.list('tickets', { filter: { field: 'channel', op: 'eq', value: 'chat' } })).body.data.filter((x: { id: string }) => x.id === row.ticket_id);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ support_group_id: billing.id, subject: '在线客服：退货怎么寄？' });
    await waitFor(() => visitor.events.find((e) => e.event === 'status' && e.data.status === 'missed'), 20_000, 'the visitor hears the chat was missed');
    const told = await waitFor(() => visitor.events.find((e) => e.event === 'message' && e.data.author === 'system' && /请留下邮箱/.test(e.data.text)), 20_000, 'the visitor is asked for an e-mail');
    expect(told.data.text).toContain(tickets[0].number);
    expect((await billingAgent.client.post(`/api/v1/chat/sessions/${chat.session.id}/accept`)).status).toBe(409);

    const left = await t.anon.post(`${pub}/sessions/${chat.session.id}/email`, { email: 'qian@example.org' }, fromSite(chat.visitor));
    expect(left.status).toBe(200);
    const ticket = (await t.admin.client.get(`/api/v1/tickets/${row.ticket_id}`)).body.data;
    const contact = (await t.admin.client.get(`/api/v1/contacts/${ticket.contact_id}`)).body.data;
    expect(contact.email).toBe('qian@example.org');
  });
});

describe('typing and files', () => {
  it('shows typing to the other side only, and carries pictures both ways', async () => {
    const consoleStream = track(await openSseStream(`${base}/api/v1/chat/stream`, await cookieOf(billingAgent)));
    await waitFor(() => consoleStream.events.find((e) => e.event === 'ready'));
    const chat = await startChat({ text: '看下截图', topic: 'invoice' });
    const visitor = track(await openSseStream(`${base}${pub}/sessions/${chat.session.id}/events?visitor=${encodeURIComponent(chat.visitor)}`, { origin: SITE }));
    // Nobody holds it yet: the agent may not type into it.
    expect((await billingAgent.client.post(`/api/v1/chat/sessions/${chat.session.id}/typing`)).status).toBe(409);
    expect((await billingAgent.client.post(`/api/v1/chat/sessions/${chat.session.id}/accept`)).status).toBe(200);

    expect((await t.anon.post(`${pub}/sessions/${chat.session.id}/typing`, {}, fromSite(chat.visitor))).status).toBe(204);
    await waitFor(() => consoleStream.events.find((e) => e.event === 'typing' && e.data.sessionId === chat.session.id), 20_000, 'the console sees the visitor typing');
    expect((await billingAgent.client.post(`/api/v1/chat/sessions/${chat.session.id}/typing`)).status).toBe(204);
    const typing = await waitFor(() => visitor.events.find((e) => e.event === 'typing'), 20_000, 'the visitor sees the agent typing');
    expect(typing.data).toEqual({ name: '账务客服' });
    expect((await shippingAgent.client.post(`/api/v1/chat/sessions/${chat.session.id}/typing`)).status).toBe(403);
    // Typing is never stored.
    const stored = await t.crm.handle.db.selectFrom('chat_messages').select('body').where('session_id', '=', chat.session.id).execute();
    expect(stored.map((m) => m.body)).toEqual(['看下截图', '客服 账务客服 已接入']);

    const sent = await upload(`${pub}/sessions/${chat.session.id}/files`, fromSite(chat.visitor), { name: '截图.png', type: 'application/octet-stream', content: PNG });
    expect(sent.statusCode, sent.body).toBe(201);
    const message = JSON.parse(sent.body).data;
    expect(message).toMatchObject({ author: 'visitor', text: '[附件] 截图.png', file: { filename: '截图.png', contentType: 'image/png', size: PNG.length } });
    const agentView = await t.app.inject({ method: 'GET', url: `/api/v1/chat/sessions/${chat.session.id}/files/${message.file.id}`, headers: await cookieOf(billingAgent) });
    expect(agentView.statusCode).toBe(200);
    expect(agentView.headers['content-type']).toBe('image/png');
    expect(agentView.rawPayload.equals(PNG)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/chat/sessions/${chat.session.id}/files/${message.file.id}`, headers: await cookieOf(shippingAgent) })).statusCode).toBe(404);

    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 32), Buffer.from('\n%%EOF')]);
    const back = await upload(`/api/v1/chat/sessions/${chat.session.id}/files`, await cookieOf(billingAgent), { name: '退款说明.pdf', type: 'application/pdf', content: pdf });
    expect(back.statusCode, back.body).toBe(201);
    const got = await waitFor(() => visitor.events.find((e) => e.event === 'message' && e.data.file?.filename === '退款说明.pdf'), 20_000, 'the agent’s file at the visitor');
    const download = await t.app.inject({ method: 'GET', url: `${pub}/sessions/${chat.session.id}/files/${got.data.file.id}?visitor=${encodeURIComponent(chat.visitor)}`, headers: { origin: SITE } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(download.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const other = await startChat({ text: '别人' });
    expect((await t.app.inject({ method: 'GET', url: `${pub}/sessions/${chat.session.id}/files/${got.data.file.id}?visitor=${encodeURIComponent(other.visitor)}`, headers: { origin: SITE } })).statusCode).toBe(404);
  });

  it('refuses a disguised page, an SVG, an empty or too large file, naming the field', async () => {
    const chat = await startChat({ text: '发文件' });
    const url = `${pub}/sessions/${chat.session.id}/files`;
    const refused = async (file: { name: string; type: string; content: Buffer }) => {
      const res = await upload(url, fromSite(chat.visitor), file);
      expect(res.statusCode, file.name).toBe(400);
      expect(JSON.parse(res.body).error.details[0].path).toBe('file');
    };
    await refused({ name: 'photo.png', type: 'image/png', content: Buffer.from('<html><script>alert(1)</script></html>') });
    await refused({ name: 'logo.svg', type: 'image/svg+xml', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') });
    await refused({ name: 'empty.pdf', type: 'application/pdf', content: Buffer.alloc(0) });
    process.env.CRM_CHAT_MAX_FILE_BYTES = '1000';
    try {
      await refused({ name: 'big.png', type: 'image/png', content: Buffer.concat([PNG, Buffer.alloc(2000)]) });
    } finally {
      delete process.env.CRM_CHAT_MAX_FILE_BYTES;
    }
    const json = await t.anon.post(url, { file: 'x' }, fromSite(chat.visitor));
    expect(json.status).toBe(400);
    const count = await t.crm.handle.db.selectFrom('chat_attachments').select((eb) => eb.fn.countAll<string>().as('n')).where('session_id', '=', chat.session.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    const text = await upload(url, fromSite(chat.visitor), { name: '订单号.txt', type: 'text/plain', content: Buffer.from('订单 20261203-001\n') });
    expect(text.statusCode).toBe(201);
  });
});

describe('a new widget token', () => {
  it('stops the old one at once, streams included; only admins and managers may make one', async () => {
    const chat = await startChat({ text: '换令牌前的对话' });
    const visitor = track(await openSseStream(`${base}${pub}/sessions/${chat.session.id}/events?visitor=${encodeURIComponent(chat.visitor)}`, { origin: SITE }));
    await waitFor(() => visitor.events.find((e) => e.event === 'message'));
    expect((await billingAgent.client.post('/api/v1/chat/settings/token')).status).toBe(403);
    const res = await manager.client.post('/api/v1/chat/settings/token');
    expect(res.status).toBe(200);
    const fresh = /\/chat\/([0-9a-f]{32})\/widget\.js/.exec(res.body.data.widgetUrl)![1];
    expect(fresh).not.toBe(token);
    expect(res.body.data.snippet).toContain(fresh);
    expect((await t.anon.get(`/chat/${token}/widget.js`)).status).toBe(404);
    expect((await t.anon.get(`${pub}/config`, fromSite())).status).toBe(404);
    expect((await t.anon.post(`${pub}/sessions/${chat.session.id}/messages`, { text: '还在吗' }, fromSite(chat.visitor))).status).toBe(404);
    // The open stream of the old widget is closed: its body ends.
    await waitFor(async () => (await fetch(`${base}${pub}/sessions/${chat.session.id}/events?visitor=${encodeURIComponent(chat.visitor)}`, { headers: { origin: SITE } })).status === 404);
    await waitFor(() => visitor.ended, 20_000, 'the old stream ends');
    // The visitor keeps their signed id under the new token.
    const current = await t.anon.get(`/api/v1/public/chat/${fresh}/sessions/current`, fromSite(chat.visitor));
    expect(current.status).toBe(200);
    expect(current.body.data.session.id).toBe(chat.session.id);
    token = fresh;
    pub = `/api/v1/public/chat/${fresh}`;
    const audit = await t.crm.handle.db.selectFrom('audit_log').select('changes').where('object', '=', 'settings').execute();
    expect(audit.some((a) => JSON.stringify(a.changes).includes('widgetToken'))).toBe(true);
  });
});
