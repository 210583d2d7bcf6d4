import { createHmac, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingBufferOf, trackingCountersOf } from '../src/modules/marketing-tracking/index.js';
import { EventBuffer } from '../src/modules/marketing-tracking/collect/event-buffer.js';
import { writeEvents } from '../src/modules/marketing-tracking/collect/write-events.js';
import { makeLinkToken } from '../src/modules/marketing-tracking/identity/link-token.js';
import { clickPath, trackingSecret } from '../src/modules/marketing/email/tracking.js';
import { linkSecret } from '../src/modules/service-portal/auth/portal-auth.js';
import { purgeExpiredEvents } from '../src/modules/marketing-tracking/retention.js';
import { disableShippedRules, waitForJobs, waitForQuietJobs } from './helpers/automation.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** Website tracking: sites, the public event endpoint and its guards, identity, timeline, automation, retention. */
process.env.AUTOMATION_SCAN_MS = '3600000';
process.env.CRM_TRACKING_FLUSH_MS = '20';
process.env.CRM_WEB_FORM_RATE_LIMIT = '1000';

const ORIGIN = 'https://www.example-shop.cn';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
let t: TestCrm;
let site: any;
const db = () => t.crm.handle.db;
const flush = () => trackingBufferOf(t.crm.modules)!.flush();
let ipCounter = 10;
/** A fresh address per request by default, so only the rate-limit test meets the per-address limit. */
const nextIp = () => `198.51.100.${ipCounter++ % 250}`;

async function send(body: unknown, options: { origin?: string | null; ua?: string; ip?: string; headers?: Record<string, string>; key?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': options.ua ?? CHROME, ...options.headers };
  if (options.origin !== null) headers.origin = options.origin ?? ORIGIN;
  const res = await t.app.inject({ method: 'POST', url: `/t/${options.key ?? site.siteKey}/events`, headers, payload: options.raw ?? JSON.stringify(body), remoteAddress: options.ip ?? nextIp() });
  return { status: res.statusCode, headers: res.headers, json: () => JSON.parse(res.body) };
}
const view = (path: string, title = '页面', at?: number) => ({ type: 'page_view', url: `${ORIGIN}${path}`, title, ...(at ? { at } : {}) });
const eventsOf = async (visitorId: string) => (await sql<{ type: string; path: string | null }>`SELECT type, path FROM tracking_events WHERE visitor_id = ${visitorId} ORDER BY id`.execute(db())).rows;
const allEvents = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM tracking_events`.execute(db())).rows[0].n);

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  await disableShippedRules(db());
  const res = await t.admin.client.post('/api/v1/tracking/sites', { name: '官网', allowedOrigins: [ORIGIN, 'https://*.example-shop.com'] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  site = res.body.data;
});
afterAll(() => t?.close());

describe('sites', () => {
  it('gives admins a site key and a one-tag snippet; refuses bad origins by name and non-admins', async () => {
    expect(site.snippet).toBe(`<script src="${site.scriptUrl}" async></script>`);
    expect(site.scriptUrl).toMatch(new RegExp(`/t/${site.siteKey}/crm\\.js$`));
    expect(site).toMatchObject({ retentionDays: 180, honourDnt: true, requireConsent: false, allowedOrigins: [ORIGIN, 'https://*.example-shop.com'] });
    const bad = await t.admin.client.post('/api/v1/tracking/sites', { name: 'x', allowedOrigins: ['https://ok.cn', 'https://a.cn/path'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('allowedOrigins.1');
    const rep = await t.createUser({ role: 'sales_rep' });
    expect((await rep.client.get('/api/v1/tracking/sites')).status).toBe(403);
    expect((await rep.client.post('/api/v1/tracking/sites', { name: 'x', allowedOrigins: [ORIGIN] })).status).toBe(403);
  });

  it('lets 市场专员 read the sites and snippet, 市场经理 edit them, a sales manager neither', async () => {
    const marketer = await t.createUser({ role: 'marketer' });
    const manager = await t.createUser({ role: 'marketing_manager' });
    const salesManager = await t.createUser({ role: 'sales_manager' });
    const list = await marketer.client.get('/api/v1/tracking/sites');
    expect(list.status).toBe(200);
    expect(list.body.data.find((s: any) => s.id === site.id).snippet).toBe(site.snippet);
    expect((await marketer.client.get(`/api/v1/tracking/sites/${site.id}`)).status).toBe(200);
    expect((await marketer.client.request('PUT', `/api/v1/tracking/sites/${site.id}`, { name: '改名', allowedOrigins: site.allowedOrigins })).status).toBe(403);
    expect((await marketer.client.post('/api/v1/tracking/sites', { name: 'x', allowedOrigins: [ORIGIN] })).status).toBe(403);
    expect((await salesManager.client.get('/api/v1/tracking/sites')).status).toBe(403);
    const made = await manager.client.post('/api/v1/tracking/sites', { name: '活动落地页', allowedOrigins: ['https://promo.example-shop.cn'] });
    expect(made.status).toBe(201);
    expect((await manager.client.request('PUT', `/api/v1/tracking/sites/${made.body.data.id}`, { name: '活动落地页（秋季）', allowedOrigins: ['https://promo.example-shop.cn'] })).status).toBe(200);
    expect((await manager.client.request('DELETE', `/api/v1/tracking/sites/${made.body.data.id}`)).status).toBe(204);
  });

  it('serves the script with the site’s settings and the endpoint, not a forged Host', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/t/${site.siteKey}/crm.js`, headers: { host: 'evil.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.body).toContain(`/t/${site.siteKey}/events`);
    expect(res.body).not.toContain('evil.example');
    expect(res.body).toContain('"dnt":true');
    expect((await t.app.inject({ method: 'GET', url: '/t/nosuchsite123/crm.js' })).statusCode).toBe(404);
  });
});

describe('the event endpoint', () => {
  it('takes events only from allowed origins (exact or subdomain), answering CORS for them', async () => {
    const visitorId = randomUUID();
    expect((await send({ visitorId, events: [view('/')] }, { origin: null })).status).toBe(403);
    expect((await send({ visitorId, events: [view('/')] }, { origin: 'https://attacker.example' })).status).toBe(403);
    expect((await send({ visitorId, events: [view('/')] }, { origin: 'https://example-shop.com' })).status).toBe(403);
    const ok = await send({ visitorId, events: [view('/')] });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect((await send({ visitorId, events: [view('/')] }, { origin: 'https://cn.example-shop.com' })).status).toBe(204);
    const preflight = await t.app.inject({ method: 'OPTIONS', url: `/t/${site.siteKey}/events`, headers: { origin: 'https://attacker.example', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(403);
    await flush();
    expect(await eventsOf(visitorId)).toHaveLength(2);
  });

  it('answers junk with a 4xx naming the field, and writes nothing', async () => {
    await flush();
    const before = await allEvents();
    const visitorId = randomUUID();
    expect((await send(null, { raw: '{not json' })).status).toBe(400);
    const badId = await send({ visitorId: 'abc', events: [view('/')] });
    expect(badId.status).toBe(400);
    expect(badId.json().error.details[0].path).toBe('visitorId');
    const badUrl = await send({ visitorId, events: [view('/'), { type: 'page_view', url: 'javascript:alert(1)' }] });
    expect(badUrl.json().error.details[0].path).toBe('events.1.url');
    expect((await send({ visitorId, events: [{ type: 'delete_all' }] })).status).toBe(400);
    expect((await send({ visitorId, events: [{ ...view('/'), sql: 'DROP TABLE' }] })).status).toBe(400);
    expect((await send({ visitorId, events: [] })).status).toBe(400);
    expect((await send({ visitorId, events: Array.from({ length: 51 }, () => view('/')) })).status).toBe(400);
    expect((await send({ visitorId, events: [{ type: 'custom', name: 'x', props: { big: 'y'.repeat(40_000) } }] })).json().error.message).toMatch(/too large/i);
    expect((await send({ visitorId, events: [view('/')] }, { headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(400);
    expect((await send({ visitorId, events: [view('/')] }, { key: 'nosuchsite123' })).status).toBe(404);
    await flush();
    expect(await allEvents()).toBe(before);
  });

  it('drops bots and Do-Not-Track / GPC requests silently; a site may choose to ignore DNT', async () => {
    const visitorId = randomUUID();
    expect((await send({ visitorId, events: [view('/')] }, { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })).status).toBe(204);
    expect((await send({ visitorId, events: [view('/')] }, { ua: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36' })).status).toBe(204);
    expect((await send({ visitorId, events: [view('/')] }, { headers: { dnt: '1' } })).status).toBe(204);
    expect((await send({ visitorId, events: [view('/')] }, { headers: { 'sec-gpc': '1' } })).status).toBe(204);
    await flush();
    expect(await eventsOf(visitorId)).toEqual([]);
    const put = await t.admin.client.request('PUT', `/api/v1/tracking/sites/${site.id}`, { name: '官网', allowedOrigins: site.allowedOrigins, honourDnt: false });
    expect(put.status).toBe(200);
    expect((await send({ visitorId, events: [view('/dnt')] }, { headers: { dnt: '1' } })).status).toBe(204);
    await flush();
    expect(await eventsOf(visitorId)).toEqual([{ type: 'page_view', path: '/dnt' }]);
    await t.admin.client.request('PUT', `/api/v1/tracking/sites/${site.id}`, { name: '官网', allowedOrigins: site.allowedOrigins, honourDnt: true });
  });

  it('limits requests per visitor and per address', async () => {
    process.env.CRM_TRACKING_RATE_VISITOR = '3';
    process.env.CRM_TRACKING_RATE_IP = '5';
    try {
      const visitorId = randomUUID();
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send({ visitorId, events: [view(`/v${i}`)] })).status);
      expect(statuses).toEqual([204, 204, 204, 429]);
      const ip = '192.0.2.77';
      const byIp = [];
      for (let i = 0; i < 6; i++) byIp.push((await send({ visitorId: randomUUID(), events: [view('/ip')] }, { ip })).status);
      expect(byIp).toEqual([204, 204, 204, 204, 204, 429]);
      // The counts reach the shared table, where other app instances read them.
      await trackingCountersOf(t.crm.modules)!.sync();
      const shared = await sql<{ ip: string; hits: number }>`SELECT ip, hits FROM tracking_hits WHERE ip IN (${`v:${visitorId}`}, ${`ip:${ip}`}) ORDER BY ip`.execute(db());
      expect(shared.rows).toEqual([{ ip: `ip:${ip}`, hits: 6 }, { ip: `v:${visitorId}`, hits: 4 }]);
    } finally {
      delete process.env.CRM_TRACKING_RATE_VISITOR;
      delete process.env.CRM_TRACKING_RATE_IP;
    }
  });

  it('stores page views, downloads, outbound clicks and custom events with their details, in batches', async () => {
    const visitorId = randomUUID();
    const res = await send({
      visitorId,
      events: [
        view('/products/crm?utm_source=baidu', '产品介绍'),
        { type: 'download', url: `${ORIGIN}/products/crm`, target: `${ORIGIN}/files/%E7%99%BD%E7%9A%AE%E4%B9%A6.pdf` },
        { type: 'outbound_click', url: `${ORIGIN}/products/crm`, target: 'https://weibo.com/shop' },
        { type: 'custom', name: 'downloaded_brochure', url: `${ORIGIN}/products/crm`, props: { product: 'CRM', pages: 12 } },
        { type: 'identify', email: 'nobody-known@example.com' },
      ],
    });
    expect(res.status).toBe(204);
    await flush();
    const { rows } = await sql<any>`SELECT type, name, path, title, target, props, site_id FROM tracking_events WHERE visitor_id = ${visitorId} ORDER BY id`.execute(db());
    expect(rows.map((r: any) => r.type)).toEqual(['page_view', 'download', 'outbound_click', 'custom']);
    expect(rows[0]).toMatchObject({ path: '/products/crm', title: '产品介绍', site_id: site.id });
    expect(rows[3]).toMatchObject({ name: 'downloaded_brochure', props: { product: 'CRM', pages: 12 } });
    const visitor = await sql<any>`SELECT record_id FROM tracking_visitors WHERE visitor_id = ${visitorId}`.execute(db());
    expect(visitor.rows).toEqual([{ record_id: null }]);
  });
});

describe('identity, timeline and interests', () => {
  it('attaches a visitor’s past anonymous events to the lead that identifies itself, on its timeline and interests', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    const lead = await rep.client.create('leads', { name: '慕容复（姑苏慕容氏集团有限公司采购部）', email: 'murong@gusu.cn' });
    const visitorId = randomUUID();
    const now = Date.now();
    await send({ visitorId, events: [view('/pricing', '价格', now - 60_000), view('/pricing', '价格', now - 30_000), view('/cases', '客户案例', now - 20_000)] });
    await send({ visitorId, events: [{ type: 'download', url: `${ORIGIN}/pricing`, target: `${ORIGIN}/files/price-list.pdf`, at: now - 10_000 }] });
    await flush();
    const timeline = async () => (await rep.client.get(`/api/v1/leads/${lead.id}/timeline`)).body.data.filter((e: any) => e.source === 'website');
    expect(await timeline()).toEqual([]);
    expect((await send({ visitorId, events: [{ type: 'identify', email: ' MuRong@Gusu.cn ' }] })).status).toBe(204);
    const entries = await timeline();
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatchObject({ kind: 'extension', title: '下载资料：price-list.pdf', detail: `${ORIGIN}/files/price-list.pdf` });
    expect(entries.map((e: any) => e.title)).toContain('浏览页面：价格');
    const interests = await rep.client.get(`/api/v1/tracking/interests/leads/${lead.id}`);
    expect(interests.status).toBe(200);
    expect(interests.body.data).toMatchObject({ events: 4, pageViews: 3, visits: 1, topPages: [{ key: '/pricing', label: '价格', count: 2 }, { key: '/cases', count: 1 }], downloads: [{ key: `${ORIGIN}/files/price-list.pdf`, count: 1 }] });
    // Someone who may not read the lead learns nothing of its visits.
    const other = await t.createUser({ role: 'sales_rep' });
    expect((await other.client.get(`/api/v1/tracking/interests/leads/${lead.id}`)).status).toBe(404);
    expect((await other.client.get(`/api/v1/tracking/interests/deals/${lead.id}`)).status).toBe(400);
  });

  it('attaches the visitor of a web form sent from a tracked page to the lead it creates', async () => {
    const form = (await t.admin.client.post('/api/v1/web-forms', { name: '试用申请', fields: [{ field: 'name', required: true }, { field: 'email' }] })).body.data;
    const visitorId = randomUUID();
    await send({ visitorId, events: [view('/trial', '免费试用')] });
    await flush();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/public/forms/${form.token}/submissions`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: '段誉', email: 'duanyu@dali.cn', visitor_id: visitorId, page_url: `${ORIGIN}/trial` }), remoteAddress: nextIp() });
    expect(res.statusCode).toBe(201);
    const lead = (await t.admin.client.list('leads', { filter: { field: 'name', op: 'eq', value: '段誉' } })).body.data[0];
    const entries = await waitForJobs(t.crm, async () => {
      const list = (await t.admin.client.get(`/api/v1/leads/${lead.id}/timeline`)).body.data.filter((e: any) => e.source === 'website');
      return list.length ? list : null;
    }, 'the visit on the lead timeline');
    expect(entries[0]).toMatchObject({ title: '浏览页面：免费试用' });
  });
});

describe('identity by e-mail click, portal sign-in and lead conversion', () => {
  /** A delivered recipient of a real send to this contact, and its signed click link to `url`. */
  async function clickLinkFor(contactId: string, url: string) {
    const template = await t.admin.client.create('marketing_templates', { name: `模板 ${randomUUID().slice(0, 6)}`, subject_zh: '新品发布', body_zh: '<p>您好</p>' });
    const campaign = await t.admin.client.create('campaigns', { name: '秋季新品邮件', type: 'email' });
    const send = await t.admin.client.create('marketing_sends', { name: '秋季新品', template_id: template.id, campaign_id: campaign.id });
    const { rows } = await sql<{ id: string }>`INSERT INTO marketing_send_recipients (send_id, contact_id, email, state, sent_at) VALUES (${send.id}, ${contactId}, 'x@example.cn', 'delivered', now()) RETURNING id`.execute(db());
    return clickPath(rows[0].id, await trackingSecret(db()), url);
  }
  const landingToken = (location: string) => new URL(location).searchParams.get('crm_t');

  it('a tracked e-mail click carries a signed token to a tracked site only; the landing browser’s earlier visits follow the contact', async () => {
    const contact = await t.admin.client.create('contacts', { name: '乔峰', email: 'qiaofeng@gaibang.cn' });
    const click = await t.app.inject({ method: 'GET', url: await clickLinkFor(contact.id, `${ORIGIN}/products/crm?from=mail#demo`), remoteAddress: nextIp() });
    expect(click.statusCode).toBe(302);
    const location = click.headers.location as string;
    expect(location.startsWith(`${ORIGIN}/products/crm?from=mail&crm_t=`)).toBe(true);
    expect(location.endsWith('#demo')).toBe(true);
    const token = landingToken(location)!;
    expect(token.startsWith(`${contact.id}.`)).toBe(true);
    // A link to another site gets no token: it never reaches a third party.
    const away = await t.app.inject({ method: 'GET', url: await clickLinkFor(contact.id, 'https://weibo.com/shop'), remoteAddress: nextIp() });
    expect(away.headers.location).toBe('https://weibo.com/shop');

    const visitorId = randomUUID();
    await send({ visitorId, events: [view('/pricing', '价格', Date.now() - 60_000)] });
    expect((await send({ visitorId, events: [{ type: 'link', token }, view('/products/crm', '产品介绍')] })).status).toBe(204);
    await flush();
    const entries = (await t.admin.client.get(`/api/v1/contacts/${contact.id}/timeline`)).body.data.filter((e: any) => e.source === 'website');
    expect(entries.map((e: any) => e.title)).toEqual(['浏览页面：产品介绍', '浏览页面：价格']);
    const visitor = await sql<any>`SELECT object, record_id, identified_by FROM tracking_visitors WHERE visitor_id = ${visitorId}`.execute(db());
    expect(visitor.rows).toEqual([{ object: 'contacts', record_id: contact.id, identified_by: 'email_click' }]);

    // The same landing URL opened in another browser (forwarded, shared) ties nobody.
    const stranger = randomUUID();
    expect((await send({ visitorId: stranger, events: [{ type: 'link', token }, view('/products/crm')] })).status).toBe(204);
    expect((await sql<any>`SELECT record_id FROM tracking_visitors WHERE visitor_id = ${stranger}`.execute(db())).rows).toEqual([]);
  });

  it('refuses a forged or altered token by name, and ties nothing with an expired one', async () => {
    const victim = await t.admin.client.create('contacts', { name: '虚竹', email: 'xuzhu@lingjiu.cn' });
    const visitorId = randomUUID();
    const forged = makeLinkToken('not-the-install-secret', victim.id);
    const bad = await send({ visitorId, events: [view('/'), { type: 'link', token: forged }] });
    expect(bad.status).toBe(400);
    expect(bad.json().error.details[0].path).toBe('events.1.token');
    const secret = await trackingSecret(db());
    const [id, exp, sig] = makeLinkToken(secret, randomUUID()).split('.');
    expect((await send({ visitorId, events: [{ type: 'link', token: `${victim.id}.${exp}.${sig}` }] })).status).toBe(400);
    expect((await send({ visitorId, events: [{ type: 'link', token: `${id}.${Number(exp) + 1}.${sig}` }] })).status).toBe(400);
    expect((await send({ visitorId, events: [{ type: 'link', token: 'junk' }] })).json().error.details[0].path).toBe('events.0.token');
    const expired = makeLinkToken(secret, victim.id, Date.now() - 25 * 3_600_000);
    expect((await send({ visitorId, events: [{ type: 'link', token: expired }] })).status).toBe(204);
    await flush();
    expect(await eventsOf(visitorId)).toEqual([]);
    expect((await sql<any>`SELECT record_id FROM tracking_visitors WHERE visitor_id = ${visitorId}`.execute(db())).rows).toEqual([]);
  });

  it('a portal sign-in ties the browser whose site cookie it carries to the contact', async () => {
    const contact = await t.admin.client.create('contacts', { name: '木婉清', email: 'muwanqing@dali.cn' });
    const visitorId = randomUUID();
    await send({ visitorId, events: [view('/support', '服务与支持')] });
    await flush();
    const code = '482913';
    await sql`INSERT INTO portal_login_codes (email, contact_id, code_hash, expires_at)
      VALUES ('muwanqing@dali.cn', ${contact.id}, ${createHmac('sha256', await linkSecret(db())).update(`code:muwanqing@dali.cn:${code}`).digest('hex')}, now() + interval '5 minutes')`.execute(db());
    const res = await t.app.inject({ method: 'POST', url: '/api/portal/login/verify', payload: { email: 'muwanqing@dali.cn', code }, cookies: { crm_vid: visitorId }, remoteAddress: nextIp() });
    expect(res.statusCode, res.body).toBe(200);
    const entries = await waitForJobs(t.crm, async () => {
      const list = (await t.admin.client.get(`/api/v1/contacts/${contact.id}/timeline`)).body.data.filter((e: any) => e.source === 'website');
      return list.length ? list : null;
    }, 'the portal visitor’s visit on the contact');
    expect(entries[0].title).toBe('浏览页面：服务与支持');
  });

  it('converting a lead moves its browsers and their events to the new contact; later identify calls go there too', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    const lead = await rep.client.create('leads', { name: '钟灵', email: 'zhongling@wuliang.cn', company: '无量剑派' });
    const visitorId = randomUUID();
    await send({ visitorId, events: [{ type: 'identify', email: 'zhongling@wuliang.cn' }, view('/pricing', '价格'), { type: 'download', url: `${ORIGIN}/pricing`, target: `${ORIGIN}/files/price-list.pdf` }] });
    await flush();
    const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const contactId = res.body.data.contact.id;
    const interests = (await rep.client.get(`/api/v1/tracking/interests/contacts/${contactId}`)).body.data;
    expect(interests).toMatchObject({ events: 2, pageViews: 1, downloads: [{ key: `${ORIGIN}/files/price-list.pdf` }] });
    expect((await rep.client.get(`/api/v1/tracking/interests/leads/${lead.id}`)).body.data.events).toBe(0);
    // The converted lead's address still names it first among duplicates: the browser stays with the contact.
    const later = randomUUID();
    await send({ visitorId: later, events: [{ type: 'identify', email: 'zhongling@wuliang.cn' }, view('/cases', '客户案例')] });
    await flush();
    expect((await sql<any>`SELECT object, record_id FROM tracking_visitors WHERE visitor_id = ${later}`.execute(db())).rows).toEqual([{ object: 'contacts', record_id: contactId }]);
  });
});

describe('the memory buffer', () => {
  const row = (visitorId: string) => ({ site_id: site.id, visitor_id: visitorId, type: 'page_view' as const, name: null, url: `${ORIGIN}/b`, path: '/b', title: null, referrer: null, target: null, props: null, at: new Date().toISOString() });

  it('is bounded: past its limit a request is refused with 429 and nothing of it is kept', async () => {
    const buffer = new EventBuffer(db(), { intervalMs: 60_000, maxRows: 1_000, maxPending: 3 });
    const visitorId = randomUUID();
    await buffer.add([row(visitorId), row(visitorId)]);
    await expect(buffer.add([row(visitorId), row(visitorId)])).rejects.toMatchObject({ code: 'rate_limited' });
    expect(buffer.pending).toBe(2);
    await buffer.close();
    expect(await eventsOf(visitorId)).toHaveLength(2);
  });

  it('keeps a batch whose write failed and writes it on the next flush', async () => {
    const buffer = new EventBuffer(db(), { intervalMs: 60_000, maxRows: 1_000, maxPending: 100 });
    const visitorId = randomUUID();
    // A visitor id the database refuses makes the write fail, as a lost connection would.
    await buffer.add([row(visitorId), { ...row(visitorId), visitor_id: 'not-a-uuid' }]);
    const errors = console.error;
    console.error = () => undefined;
    try {
      await buffer.flush();
    } finally {
      console.error = errors;
    }
    expect(buffer.pending).toBe(2);
    expect(await eventsOf(visitorId)).toEqual([]);
  });

  it('is written out when the server closes, after its last request', async () => {
    process.env.CRM_TRACKING_FLUSH_MS = '600000';
    const second = await startTestCrm({ jobs: false }).finally(() => (process.env.CRM_TRACKING_FLUSH_MS = '20'));
    const visitorId = randomUUID();
    const res = await second.admin.client.post('/api/v1/tracking/sites', { name: '官网', allowedOrigins: [ORIGIN] });
    const sent = await second.app.inject({ method: 'POST', url: `/t/${res.body.data.siteKey}/events`, headers: { origin: ORIGIN, 'user-agent': CHROME, 'content-type': 'text/plain' }, payload: JSON.stringify({ visitorId, events: [view('/closing')] }), remoteAddress: nextIp() });
    expect(sent.statusCode).toBe(204);
    expect(trackingBufferOf(second.crm.modules)!.pending).toBe(1);
    // The HTTP server closes first (its onClose hook flushes), the database after: read in between.
    await second.crm.app.close();
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM tracking_events WHERE visitor_id = ${visitorId}`.execute(second.crm.handle.db);
    await second.close();
    expect(rows[0].n).toBe('1');
  });
});

describe('automation', () => {
  it('fires "viewed /pricing twice within 7 days → task for the owner" on the second view only', async () => {
    const rule = await t.admin.client.post('/api/v1/automation/rules', {
      name: '两次浏览价格页 → 负责人 2 小时内致电', object: 'leads', enabled: true,
      trigger: { kind: 'website_activity', activity: 'page_view', match: '/pricing', times: 2, withinDays: 7 },
      actions: [{ type: 'create_task', title: '致电：{{name}} 看了两次价格页', assignee: { kind: 'owner' }, due: { amount: 2, unit: 'hours' } }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const bad = await t.admin.client.post('/api/v1/automation/rules', { name: 'x', object: 'deals', trigger: { kind: 'website_activity', activity: 'page_view' } });
    expect(bad.status).toBe(400);
    const rep = await t.createUser({ role: 'sales_rep' });
    const lead = await rep.client.create('leads', { name: '王语嫣', email: 'wangyuyan@mantuo.cn' });
    const visitorId = randomUUID();
    await send({ visitorId, events: [{ type: 'identify', email: 'wangyuyan@mantuo.cn' }, view('/pricing', '价格')] });
    await flush();
    const runs = async () => (await t.admin.client.get(`/api/v1/automation/runs?ruleId=${rule.body.data.id}`)).body.data as any[];
    // The first view reaches automation but fires nothing.
    expect((await sql<{ n: string }>`SELECT count(*) AS n FROM outbox WHERE topic = 'website.page_view' AND record_id = ${lead.id}`.execute(db())).rows[0].n).toBe('1');
    await waitForQuietJobs(t.crm);
    expect(await runs()).toEqual([]);
    await send({ visitorId, events: [view('/pricing?plan=pro', '价格')] });
    await flush();
    const tasks = async () => (await rep.client.list('tasks', { filter: { field: 'lead_id', op: 'eq', value: lead.id } })).body.data;
    const [task] = await waitForJobs(t.crm, async () => ((await tasks()).length ? tasks() : null), 'the task of the website rule');
    expect(task).toMatchObject({ title: '致电：王语嫣 看了两次价格页', owner_id: rep.id });
    const done = await runs();
    expect(done).toHaveLength(1);
    expect(done[0].event).toMatchObject({ topic: 'website.page_view', object: 'leads', recordId: lead.id, data: { path: '/pricing' } });
    // A third view is not "twice" again.
    await send({ visitorId, events: [view('/pricing', '价格')] });
    await flush();
    await waitForQuietJobs(t.crm);
    expect(await tasks()).toHaveLength(1);
    expect(await runs()).toHaveLength(1);
  });

  it('also feeds the generic inbound-event trigger', async () => {
    const rule = await t.admin.client.post('/api/v1/automation/rules', {
      name: '下载资料 → 任务', object: 'contacts', enabled: true,
      trigger: { kind: 'event', event: 'website.download' },
      actions: [{ type: 'create_task', title: '跟进下载：{{name}}', assignee: { kind: 'owner' }, due: { amount: 1, unit: 'days' } }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const customer = await t.admin.client.create('customers', { name: '星宿派贸易有限公司' });
    const contact = await t.admin.client.create('contacts', { name: '阿紫', email: 'azi@xingxiu.cn', customer_id: customer.id });
    const visitorId = randomUUID();
    await send({ visitorId, events: [{ type: 'identify', email: 'azi@xingxiu.cn' }, { type: 'download', url: `${ORIGIN}/`, target: `${ORIGIN}/brochure.pdf` }] });
    await flush();
    const tasks = async () => (await t.admin.client.list('tasks', { filter: { field: 'contact_id', op: 'eq', value: contact.id } })).body.data;
    const [task] = await waitForJobs(t.crm, async () => ((await tasks()).length ? tasks() : null), 'the download task');
    expect(task.title).toBe('跟进下载：阿紫');
  });
});

describe('retention', () => {
  it('purges each site’s events older than its retention (injectable clock) and visitors left with nothing', async () => {
    const short = (await t.admin.client.post('/api/v1/tracking/sites', { name: '活动页', allowedOrigins: ['https://event.example.cn'], retentionDays: 30 })).body.data;
    const [oldVisitor, newVisitor] = [randomUUID(), randomUUID()];
    const row = (siteId: string, visitorId: string, at: string) => ({ site_id: siteId, visitor_id: visitorId, type: 'page_view' as const, name: null, url: 'https://event.example.cn/', path: '/', title: null, referrer: null, target: null, props: null, at });
    await writeEvents(db(), [row(short.id, oldVisitor, '2026-01-01T00:00:00Z'), row(short.id, newVisitor, '2026-03-01T00:00:00Z'), row(site.id, oldVisitor, '2026-01-01T00:00:00Z')]);
    await sql`INSERT INTO tracking_link_uses (signature, visitor_id, used_at) VALUES ('claim-old', ${oldVisitor}, '2026-03-01T00:00:00Z'), ('claim-recent', ${newVisitor}, '2026-03-14T00:00:00Z')`.execute(db());
    const deleted = await purgeExpiredEvents(db(), new Date('2026-03-15T00:00:00Z'));
    expect(deleted).toBe(1);
    // Claims of e-mail link tokens (which live a day) are kept two days.
    expect((await sql<{ signature: string }>`SELECT signature FROM tracking_link_uses WHERE signature LIKE 'claim-%'`.execute(db())).rows).toEqual([{ signature: 'claim-recent' }]);
    expect(await eventsOf(oldVisitor)).toHaveLength(1); // the 180-day site keeps it
    expect(await eventsOf(newVisitor)).toHaveLength(1);
    await purgeExpiredEvents(db(), new Date('2026-12-31T00:00:00Z'));
    expect(await eventsOf(oldVisitor)).toEqual([]);
    const left = await sql`SELECT 1 FROM tracking_visitors WHERE visitor_id IN (${oldVisitor}, ${newVisitor})`.execute(db());
    expect(left.rows).toEqual([]);
  });
});
