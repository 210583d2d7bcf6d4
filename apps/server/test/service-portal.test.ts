import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPendingNow } from '../src/modules/notifications/index.js';
import { Client, startTestCrm, type TestCrm } from './helpers/crm.js';
import { startSmtpServer, waitFor } from './helpers/local-servers.js';
import { servedRoutes } from './helpers/served-routes.js';

process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm(), startSmtpServer()]);
  const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: '客服', fromAddress: 'support@crm.test', appUrl: 'https://crm.example.test' });
  expect(saved.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

let ipSeq = 0;
const ip = () => `10.1.0.${++ipSeq}`;
const inject = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}, remoteAddress = '10.0.0.1') =>
  t.app.inject({ method: method as 'GET', url, remoteAddress, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { payload: JSON.stringify(body) } : {}) });

/** The code mailed to an address (the newest one), read from the real SMTP receiver. */
async function mailedCode(email: string, after: number): Promise<string> {
  await deliverPendingNow(t.crm.handle.db);
  const mail = await waitFor(() => smtp.received.slice(after).reverse().find((m) => m.envelope.to.includes(email) && /\d{6}/.test(m.mail.subject ?? '')));
  return /(\d{6})/.exec(mail.mail.subject!)![1];
}

/** Signs a contact in through the API and returns a client carrying only the portal cookie. */
async function signIn(email: string): Promise<Client> {
  const before = smtp.received.length;
  const from = ip();
  expect((await inject('POST', '/api/portal/login/code', { email }, {}, from)).statusCode).toBe(200);
  const code = await mailedCode(email, before);
  const res = await inject('POST', '/api/portal/login/verify', { email, code }, {}, from);
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'crm_portal' && c.path === '/api/portal')!;
  expect(cookie.httpOnly).toBe(true);
  expect(res.cookies.map((c) => c.path).sort()).toEqual(['/api/portal', '/portal']);
  return new Client(t.app, { cookie: `crm_portal=${cookie.value}` });
}

describe('portal sign-in by e-mailed code', () => {
  it('answers the same for unknown addresses, refuses wrong and expired codes, stops after 5 tries', async () => {
    await t.admin.client.create('contacts', { name: '王芳', email: 'wang.fang@portal.test' });
    const known = await inject('POST', '/api/portal/login/code', { email: 'Wang.Fang@portal.test' }, {}, ip());
    const unknown = await inject('POST', '/api/portal/login/code', { email: 'nobody@portal.test' }, {}, ip());
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toBe(known.body);
    const code = await mailedCode('wang.fang@portal.test', 0);
    expect((await inject('POST', '/api/portal/login/verify', { email: 'nobody@portal.test', code }, {}, ip())).statusCode).toBe(400);

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const bad = await inject('POST', '/api/portal/login/verify', { email: 'wang.fang@portal.test', code: wrong }, {}, ip());
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.details[0].path).toBe('code');
    for (let i = 0; i < 4; i++) await inject('POST', '/api/portal/login/verify', { email: 'wang.fang@portal.test', code: wrong }, {}, ip());
    // Five wrong tries spend the code: even the right one no longer works.
    expect((await inject('POST', '/api/portal/login/verify', { email: 'wang.fang@portal.test', code }, {}, ip())).statusCode).toBe(400);

    const before = smtp.received.length;
    await inject('POST', '/api/portal/login/code', { email: 'wang.fang@portal.test' }, {}, ip());
    const fresh = await mailedCode('wang.fang@portal.test', before);
    await t.crm.handle.db.updateTable('portal_login_codes').set({ expires_at: new Date(Date.now() - 1000) }).where('email', '=', 'wang.fang@portal.test').where('used_at', 'is', null).execute();
    expect((await inject('POST', '/api/portal/login/verify', { email: 'wang.fang@portal.test', code: fresh }, {}, ip())).statusCode).toBe(400);
  });

  it('rate-limits code requests per address and per IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await inject('POST', '/api/portal/login/code', { email: 'flood@portal.test' }, {}, ip())).statusCode);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
    const sameIp: number[] = [];
    for (let i = 0; i < 21; i++) sameIp.push((await inject('POST', '/api/portal/login/code', { email: `someone${i}@portal.test` }, {}, '10.9.9.9')).statusCode);
    expect(sameIp[19]).toBe(200);
    expect(sameIp[20]).toBe(429);
  });
});

describe('portal tickets', () => {
  it('isolates contacts, hides internal notes, keeps staff and portal sessions apart', async () => {
    const customer = await t.admin.client.create('customers', { name: '远山贸易' });
    const a = await t.admin.client.create('contacts', { name: '张伟', email: 'zhang@yuanshan.test', customer_id: customer.id });
    const b = await t.admin.client.create('contacts', { name: '李娜', email: 'li@yuanshan.test', customer_id: customer.id });
    const ticketB = await t.admin.client.create('tickets', { subject: '李娜的工单', contact_id: b.id, customer_id: customer.id });
    const portalA = await signIn('zhang@yuanshan.test');

    expect((await portalA.get(`/api/portal/tickets/${ticketB.id}`)).status).toBe(404);
    expect((await portalA.post(`/api/portal/tickets/${ticketB.id}/messages`, { text: '插一句' })).status).toBe(404);
    expect((await portalA.get('/api/portal/tickets')).body.data).toEqual([]);

    const created = await portalA.post('/api/portal/tickets', { subject: '无法登录系统', description: '输入密码后一直转圈。', category: 'fault' });
    expect(created.status).toBe(201);
    const staffView = (await t.admin.client.get(`/api/v1/tickets/${created.body.data.id}`)).body.data;
    expect(staffView).toMatchObject({ channel: 'portal', contact_id: a.id, customer_id: customer.id, category: 'fault', status: 'new' });

    await t.admin.client.post(`/api/v1/tickets/${created.body.data.id}/messages`, { kind: 'note', text: '内部：疑似账号被锁', lastSeenMessageId: null, force: true });
    await t.admin.client.post(`/api/v1/tickets/${created.body.data.id}/messages`, { kind: 'reply', text: '已为您解锁，请重试。', lastSeenMessageId: null, force: true, status: 'solved' });
    const detail = await portalA.get(`/api/portal/tickets/${created.body.data.id}`);
    const texts = detail.body.data.messages.map((m: { body_text: string }) => m.body_text);
    expect(texts).toEqual(['输入密码后一直转圈。', '已为您解锁，请重试。']);
    expect(detail.text).not.toContain('疑似账号被锁');
    const page = await portalA.get(`/portal/tickets/${created.body.data.id}`);
    expect(page.text).toContain('已为您解锁');
    expect(page.text).not.toContain('疑似账号被锁');

    // With company access the contact sees the colleague's ticket too.
    await t.admin.client.patch(`/api/v1/contacts/${a.id}`, { portal_company_access: true });
    expect((await portalA.get(`/api/portal/tickets/${ticketB.id}`)).status).toBe(200);

    // A staff session means nothing to the portal, and a portal session nothing to staff routes.
    expect((await t.admin.client.get('/api/portal/tickets')).status).toBe(401);
    expect((await portalA.get('/api/v1/tickets')).status).toBe(401);
    expect((await portalA.get('/api/auth/me')).status).toBe(401);
  });

  it('a reply reopens a solved ticket; the CSAT link is signed, stored once per ticket and shown', async () => {
    const contact = await t.admin.client.create('contacts', { name: '陈静', email: 'chen@csat.test' });
    const portal = await signIn('chen@csat.test');
    const created = (await portal.post('/api/portal/tickets', { subject: '发票没收到', description: '上月发票未收到。', category: 'billing' })).body.data;
    const before = smtp.received.length;
    await t.admin.client.post(`/api/v1/tickets/${created.id}/messages`, { kind: 'reply', text: '已补寄。', lastSeenMessageId: null, force: true, status: 'solved' });
    await deliverPendingNow(t.crm.handle.db);
    const survey = await waitFor(() => smtp.received.slice(before).find((m) => m.envelope.to.includes('chen@csat.test') && m.mail.text?.includes('/portal/rate/')));
    const url = new URL(/https:\/\/crm\.example\.test\/portal\/rate\/\S+/.exec(survey.mail.text!)![0]);
    const s = url.searchParams.get('s')!;
    expect(url.pathname).toBe(`/portal/rate/${created.id}`);

    const tampered = await t.anon.post(`/api/portal/csat/${created.id}`, { s: `${s.slice(0, -2)}xx`, rating: 1 });
    expect(tampered.status).toBe(403);
    const otherTicket = await t.admin.client.create('tickets', { subject: '别的工单', contact_id: contact.id, status: 'solved' });
    expect((await t.anon.post(`/api/portal/csat/${otherTicket.id}`, { s, rating: 1 })).status).toBe(403);
    expect((await t.anon.post(`/api/portal/csat/${created.id}`, { s, rating: 9 })).status).toBe(400);
    expect((await t.anon.get(`${url.pathname}${url.search}`)).status).toBe(200);

    expect((await t.anon.post(`/api/portal/csat/${created.id}`, { s, rating: 2, comment: '太慢' })).status).toBe(200);
    expect((await t.anon.post(`/api/portal/csat/${created.id}`, { s, rating: 5, comment: '后来很快' })).status).toBe(200);
    const ratings = await t.crm.handle.db.selectFrom('ticket_ratings').selectAll().where('ticket_id', '=', created.id).execute();
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ rating: 5, comment: '后来很快', contact_id: contact.id, agent_user_id: null });
    expect((await t.admin.client.get(`/api/v1/tickets/${created.id}`)).body.data.satisfaction).toBe(5);
    expect((await portal.get('/api/portal/tickets')).body.data.find((k: { id: string }) => k.id === created.id).rating).toBe(5);

    const reply = await portal.post(`/api/portal/tickets/${created.id}/messages`, { text: '又没收到第二张。' });
    expect(reply.status).toBe(201);
    expect((await t.admin.client.get(`/api/v1/tickets/${created.id}`)).body.data.status).toBe('open');
    expect((await portal.post(`/api/portal/tickets/${created.id}/rating`, { rating: 3 })).status).toBe(409);
  });
});

describe('a portal session as an identity', () => {
  it('opens no staff route: every served /api route answers it exactly as an anonymous caller', async () => {
    await t.admin.client.create('contacts', { name: '赵磊', email: 'zhao@matrix.test' });
    const portal = await signIn('zhao@matrix.test');
    const filler = '00000000-0000-4000-8000-000000000000';
    const routes = servedRoutes(t.app).filter((r) => r.path.startsWith('/api/') && !r.path.startsWith('/api/portal/') && ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    expect(routes.length).toBeGreaterThan(100);
    const differing: string[] = [];
    for (const route of routes) {
      const url = route.path.replace(/\{[^}]+\}/g, filler);
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const [anon, asPortal] = [await t.anon.request(route.method, url, body), await portal.request(route.method, url, body)];
      if (anon.status !== asPortal.status || (asPortal.status < 300 && route.method === 'GET' && anon.text !== asPortal.text && !/stream|events|health/.test(url))) differing.push(`${route.method} ${route.path}: ${anon.status} vs ${asPortal.status}`);
    }
    expect(differing).toEqual([]);
  }, 120_000);

  it('refuses a cross-site form post to the portal pages', async () => {
    await t.admin.client.create('contacts', { name: '孙悦', email: 'sun@csrf.test' });
    const portal = await signIn('sun@csrf.test');
    const res = await portal.request('POST', '/portal/tickets', 'subject=x&description=y', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect((await portal.get('/api/portal/tickets')).body.data).toEqual([]);
    const ok = await portal.request('POST', '/portal/tickets', 'subject=%E6%89%93%E5%8D%B0&description=y&category=fault', { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' });
    expect(ok.status).toBe(303);
    expect((await portal.get('/api/portal/tickets')).body.data[0]).toMatchObject({ subject: '打印', category: 'fault' });
  });

  it('signs in after a restore of a backup from before the portal emptied its secret', async () => {
    await sql`DELETE FROM portal_settings`.execute(t.crm.handle.db);
    await t.admin.client.create('contacts', { name: '周宁', email: 'zhou@restore.test' });
    await signIn('zhou@restore.test');
  });
});
