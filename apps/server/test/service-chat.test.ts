import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/accounts/sessions.js';
import { createCrm, type Crm } from '../src/server.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';
import { listenLocal, openSseStream, type SseStream } from './helpers/sse.js';

/** Live chat over real HTTP: the widget's public API from an allowed origin, agents' console, SSE. */
let t: TestCrm;
let base: string;
let agent: TestUser;
let token: string;
let pub: string;
const SITE = 'http://shop.example.cn';
const streams: SseStream[] = [];

const fromSite = (visitor?: string) => ({ origin: SITE, ...(visitor ? { 'x-chat-visitor': visitor } : {}) });
const agentCookie = async (crm: Crm, userId: string) => ({ cookie: `crm_session=${await createSession(crm.handle.db, userId)}` });
const track = (s: SseStream) => (streams.push(s), s);

async function startChat(body: Record<string, unknown>, visitor?: string) {
  const res = await t.anon.post(`${pub}/sessions`, body, fromSite(visitor));
  if (res.status !== 201) throw new Error(`start → ${res.status} ${res.text}`);
  return res.body.data as { visitor: string; session: { id: string; status: string }; messages: Array<{ id: string; text: string; author: string }> };
}

beforeAll(async () => {
  process.env.CRM_SSE_HEARTBEAT_MS = '300';
  t = await startTestCrm();
  base = await listenLocal(t.app);
  agent = await t.createUser({ role: 'service_agent', name: '客服小李' });
  const settings = await t.admin.client.request('PUT', '/api/v1/chat/settings', { enabled: true, allowedOrigins: [`${SITE}/any/page`], greetingZh: '您好！', greetingEn: 'Hi!', offlineZh: '请留言', offlineEn: 'Leave a message' });
  expect(settings.status).toBe(200);
  expect(settings.body.data.allowedOrigins).toEqual([SITE]);
  token = /\/chat\/([0-9a-f]{32})\/widget\.js/.exec(settings.body.data.widgetUrl)![1];
  expect(settings.body.data.snippet).toBe(`<script src="${settings.body.data.widgetUrl}" async></script>`);
  pub = `/api/v1/public/chat/${token}`;
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
  delete process.env.CRM_SSE_HEARTBEAT_MS;
});

describe('the widget on the company site', () => {
  it('serves the script with the API under CRM_PUBLIC_URL-less relative path, and nothing for a wrong token', async () => {
    const script = await t.anon.get(`/chat/${token}/widget.js`, { host: 'evil.example' });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.text).toContain(`"api":"/api/v1/public/chat/${token}"`);
    expect(script.text).not.toContain('evil.example');
    expect((await t.anon.get(`/chat/${'0'.repeat(32)}/widget.js`)).status).toBe(404);
  });

  it('refuses a page on another origin, before anything runs, and answers CORS only for the allowed one', async () => {
    const foreign = await t.anon.post(`${pub}/sessions`, { text: '你好' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(foreign.body.error.details[0].path).toBe('origin');
    const preflight = await t.app.inject({ method: 'OPTIONS', url: `${pub}/sessions`, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await t.app.inject({ method: 'OPTIONS', url: `${pub}/sessions`, headers: { origin: SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-chat-visitor' } });
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(SITE);
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('x-chat-visitor');
    const count = await t.crm.handle.db.selectFrom('chat_sessions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('with no agent online, says so, and the message with an e-mail becomes a chat ticket for the contact', async () => {
    const config = await t.anon.get(`${pub}/config`, fromSite());
    expect(config.body.data).toMatchObject({ enabled: true, online: false, greeting: { zh: '您好！' }, offline: { zh: '请留言' } });
    const refused = await t.anon.post(`${pub}/sessions`, { text: '有人吗？' }, fromSite());
    expect(refused.status).toBe(409);
    expect(refused.body.error.key).toBe('chat.noAgent');
    const noEmail = await t.anon.post(`${pub}/offline`, { text: '发票开错了' }, fromSite());
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.error.details[0].path).toBe('email');

    const known = await t.admin.client.create('contacts', { name: '王老板', email: 'wang@shop-buyer.cn' });
    const left = await t.anon.post(`${pub}/offline`, { name: '王', email: 'Wang@Shop-Buyer.cn', text: '发票开错了，请重开', pageUrl: `${SITE}/invoice`, lang: 'zh' }, fromSite());
    expect(left.status).toBe(201);
    const [ticket] = (await t.admin.client.list('tickets', { filter: { field: 'number', op: 'eq', value: left.body.data.ticketNumber } })).body.data;
    expect(ticket).toMatchObject({ channel: 'chat', contact_id: known.id, subject: '在线客服：发票开错了，请重开' });
    expect(ticket.description).toContain('来源页面: http://shop.example.cn/invoice');
    const session = await t.crm.handle.db.selectFrom('chat_sessions').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(session.status).toBe('missed');
  });
});

describe('a chat between a visitor and an agent', () => {
  it('delivers both ways in real time, and the ended chat lands on the contact’s timeline and as a ticket', async () => {
    const headers = await agentCookie(t.crm, agent.id);
    expect((await agent.client.request('PUT', '/api/v1/chat/agent', { online: true })).status).toBe(200);
    const console = track(await openSseStream(`${base}/api/v1/chat/stream`, headers));
    expect(console.status).toBe(200);
    expect((await t.anon.get(`${pub}/config`, fromSite())).body.data.online).toBe(true);

    const started = await startChat({ name: '赵女士', email: 'zhao@example.org', text: '你好，订单什么时候发货？', pageUrl: `${SITE}/orders`, lang: 'zh' });
    expect(started.session.status).toBe('waiting');
    const visitor = track(await openSseStream(`${base}${pub}/sessions/${started.session.id}/events?visitor=${encodeURIComponent(started.visitor)}`, { origin: SITE }));
    expect(visitor.status).toBe(200);
    expect(visitor.headers.get('access-control-allow-origin')).toBe(SITE);
    await waitFor(() => visitor.events.find((e) => e.event === 'message' && e.data.text === '你好，订单什么时候发货？'), 20_000, 'the first message replayed');
    await waitFor(() => console.events.find((e) => e.event === 'chat' && e.data.sessionId === started.session.id), 20_000, 'the console hears of the new chat');

    const queue = (await agent.client.get('/api/v1/chat/sessions')).body.data;
    expect(queue.map((s: { id: string }) => s.id)).toContain(started.session.id);
    expect((await agent.client.post(`/api/v1/chat/sessions/${started.session.id}/accept`)).status).toBe(200);
    const other = await t.createUser({ role: 'service_agent' });
    expect((await other.client.post(`/api/v1/chat/sessions/${started.session.id}/accept`)).status).toBe(409);
    await waitFor(() => visitor.events.find((e) => e.event === 'status' && e.data.status === 'active' && e.data.agentName === '客服小李'), 20_000, 'the visitor sees the agent join');

    const reply = await agent.client.post(`/api/v1/chat/sessions/${started.session.id}/messages`, { text: '您好，今天下午发货。' });
    expect(reply.status).toBe(201);
    const got = await waitFor(() => visitor.events.find((e) => e.event === 'message' && e.data.text === '您好，今天下午发货。'), 20_000, 'the agent reply at the visitor');
    expect(got.data).toMatchObject({ author: 'agent', agentName: '客服小李' });
    expect(got.id).toBe(reply.body.data.id);

    const before = console.events.length;
    expect((await t.anon.post(`${pub}/sessions/${started.session.id}/messages`, { text: '谢谢！' }, fromSite(started.visitor))).status).toBe(201);
    await waitFor(() => console.events.slice(before).find((e) => e.event === 'chat' && e.data.kind === 'message'), 20_000, 'the console hears the visitor');
    const detail = (await agent.client.get(`/api/v1/chat/sessions/${started.session.id}`)).body.data;
    expect(detail.messages.map((m: { text: string }) => m.text)).toContain('谢谢！');
    // Another agent sees neither the active chat nor its messages.
    expect((await other.client.get(`/api/v1/chat/sessions/${started.session.id}`)).status).toBe(404);

    const ended = await agent.client.post(`/api/v1/chat/sessions/${started.session.id}/end`, { createTicket: true });
    expect(ended.status).toBe(200);
    expect(ended.body.data).toMatchObject({ status: 'ended', ticketNumber: expect.any(String) });
    await waitFor(() => visitor.events.find((e) => e.event === 'status' && e.data.status === 'ended'), 20_000, 'the visitor sees the end');
    expect((await t.anon.post(`${pub}/sessions/${started.session.id}/messages`, { text: '还在吗' }, fromSite(started.visitor))).status).toBe(409);

    const contactId = ended.body.data.contactId;
    const activity = (await t.admin.client.get(`/api/v1/activities/${ended.body.data.activityId}`)).body.data;
    expect(activity).toMatchObject({ contact_id: contactId, owner_id: agent.id, subject: '在线客服会话 · 赵女士' });
    expect(activity.content).toMatch(/访客 赵女士: 你好，订单什么时候发货？[\s\S]*客服 客服小李: 您好，今天下午发货。/);
    const contact = (await t.admin.client.get(`/api/v1/contacts/${contactId}`)).body.data;
    expect(contact.email).toBe('zhao@example.org');
    const ticket = (await t.admin.client.get(`/api/v1/tickets/${ended.body.data.ticketId}`)).body.data;
    expect(ticket).toMatchObject({ channel: 'chat', contact_id: contactId, owner_id: agent.id });
    const audit = await t.crm.handle.db.selectFrom('audit_log').select('action').where('record_id', '=', started.session.id).execute();
    expect(audit.length).toBeGreaterThanOrEqual(5);
  });
});

describe('junk, forgery and floods', () => {
  it('keeps text only: markup and control characters dropped, empty or oversized refused naming the field', async () => {
    const chat = await startChat({ text: '<script>alert(1)</script><img src=x onerror=alert(2)>你好<b>朋友</b> a < b \u202e\u0007' });
    expect(chat.messages[0].text).toBe('你好朋友 a < b');
    const empty = await t.anon.post(`${pub}/sessions/${chat.session.id}/messages`, { text: '<i></i>  ' }, fromSite(chat.visitor));
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('text');
    const long = await t.anon.post(`${pub}/sessions/${chat.session.id}/messages`, { text: '长'.repeat(2001) }, fromSite(chat.visitor));
    expect(long.status).toBe(400);
    expect((await t.anon.post(`${pub}/sessions/${chat.session.id}/messages`, ['x'], fromSite(chat.visitor))).status).toBe(400);
    expect((await t.anon.post(`${pub}/sessions/${chat.session.id}/messages`, 'text=hi', { ...fromSite(chat.visitor), 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
    expect((await t.anon.post(`${pub}/sessions/${chat.session.id}/messages`, { text: 'x'.repeat(30_000).slice(0, 10) + 'y'.repeat(20_000) }, fromSite(chat.visitor))).status).toBe(400);
    expect((await t.anon.post(`${pub}/sessions`, { text: 'hi', pageUrl: 'javascript:alert(1)', extra: 1 }, fromSite())).status).toBe(400);
  });

  it('refuses a forged visitor token and hides other visitors’ chats', async () => {
    const mine = await startChat({ text: '我的对话' });
    const theirs = await startChat({ text: '别人的对话' });
    const forged = `${mine.visitor.split('.')[0]}.${'A'.repeat(43)}`;
    expect((await t.anon.get(`${pub}/sessions/current`, fromSite(forged))).status).toBe(401);
    expect((await t.anon.get(`${pub}/sessions/${theirs.session.id}/messages`, fromSite(mine.visitor))).status).toBe(404);
    const sneaky = track(await openSseStream(`${base}${pub}/sessions/${theirs.session.id}/events?visitor=${encodeURIComponent(mine.visitor)}`, { origin: SITE }));
    expect(sneaky.status).toBe(404);
    const current = await t.anon.get(`${pub}/sessions/current`, fromSite(mine.visitor));
    expect(current.body.data.messages.map((m: { text: string }) => m.text)).toEqual(['我的对话']);
  });

  it('rate-limits a visitor (and an address), shared through the database', async () => {
    process.env.CRM_CHAT_VISITOR_RATE_LIMIT = '3';
    try {
      const chat = await startChat({ text: '一' });
      const statuses: number[] = [];
      for (const text of ['二', '三', '四']) statuses.push((await t.anon.post(`${pub}/sessions/${chat.session.id}/messages`, { text }, fromSite(chat.visitor))).status);
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      delete process.env.CRM_CHAT_VISITOR_RATE_LIMIT;
    }
    process.env.CRM_CHAT_RATE_LIMIT = '1';
    try {
      const res = await t.anon.post(`${pub}/sessions`, { text: '新访客' }, { ...fromSite(), 'x-forwarded-for': '1.2.3.4' });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('rate_limited');
    } finally {
      delete process.env.CRM_CHAT_RATE_LIMIT;
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('several app instances on PostgreSQL', () => {
  it('a visitor on instance B and an agent on instance A chat both ways (LISTEN/NOTIFY)', async () => {
    const b = await createCrm({ database: { url: process.env.TEST_DATABASE_URL!, schema: t.crm.handle.schema, poolSize: 2 } });
    try {
      const baseB = await listenLocal(b.app);
      const console = track(await openSseStream(`${base}/api/v1/chat/stream`, await agentCookie(t.crm, agent.id)));
      await waitFor(() => console.events.find((e) => e.event === 'ready'));
      // The visitor talks to instance B only.
      const res = await fetch(`${baseB}${pub}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SITE }, body: JSON.stringify({ text: '从实例 B 来的访客' }) });
      expect(res.status).toBe(201);
      const started = (await res.json()).data;
      await waitFor(() => console.events.find((e) => e.event === 'chat' && e.data.sessionId === started.session.id), 20_000, 'instance A hears the new chat');
      const visitor = track(await openSseStream(`${baseB}${pub}/sessions/${started.session.id}/events?visitor=${encodeURIComponent(started.visitor)}`, { origin: SITE }));
      await waitFor(() => visitor.events.find((e) => e.event === 'message'));

      expect((await agent.client.post(`/api/v1/chat/sessions/${started.session.id}/accept`)).status).toBe(200);
      expect((await agent.client.post(`/api/v1/chat/sessions/${started.session.id}/messages`, { text: '实例 A 的客服回复' })).status).toBe(201);
      await waitFor(() => visitor.events.find((e) => e.event === 'message' && e.data.text === '实例 A 的客服回复'), 20_000, 'the reply crosses to instance B');

      const before = console.events.length;
      await fetch(`${baseB}${pub}/sessions/${started.session.id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SITE, 'x-chat-visitor': started.visitor }, body: JSON.stringify({ text: '收到' }) });
      await waitFor(() => console.events.slice(before).find((e) => e.event === 'chat' && e.data.kind === 'message' && e.data.sessionId === started.session.id), 20_000, 'the visitor message crosses to instance A');
    } finally {
      await b.close();
    }
  });
});
