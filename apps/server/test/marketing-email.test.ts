import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSend, type WorkerDeps } from '../src/modules/marketing/email/worker.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { startSmtpServer, type ReceivedMail } from './helpers/local-servers.js';
// The SMTP receiver runs on 127.0.0.1, which outbound connections may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

/**
 * E-mail marketing against a real SMTP receiver: consent skips, variables and fallbacks, signed
 * tracking links, one-click unsubscribe, hard bounces, and a send resumed after its worker stopped
 * or died mid-SMTP without a duplicate. The worker is driven directly (no job runner), so each
 * step is deterministic; the e2e spec runs it through pg-boss.
 */
let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const BOUNCING = 'nobody@bounce.test';
const db = () => t.crm.handle.db;
/** A worker that stops (as on shutdown) once stopAfter messages arrived; claims of one at a time make that point exact. */
const worker = (id = 'w1', stopAfter = Infinity): WorkerDeps => {
  const start = smtp.received.length;
  return { db: db(), engine: t.crm.engine, workerId: id, stopping: () => smtp.received.length - start >= stopAfter, ...(stopAfter < Infinity ? { batch: 1 } : {}) };
};
const admin = () => t.admin.client;
const to = (m: ReceivedMail) => m.envelope.to[0];
/** A header as sent (unfolded), not as the parser reinterprets it. */
const rawHeader = (m: ReceivedMail, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(m.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' '))?.[1];
const pathOf = (url: string) => url.replace('https://crm.example.com', '');

let contacts: Record<string, Record<string, any>>;
let template: Record<string, any>;
let segment: Record<string, any>;
let campaign: Record<string, any>;

async function newSend(values: Record<string, unknown> = {}) {
  const send = await admin().create('marketing_sends', { name: '十二月新品推荐', template_id: template.id, segment_id: segment.id, ...values });
  const started = await admin().post(`/api/v1/marketing_sends/${send.id}/start`);
  expect(started.status, started.text).toBe(200);
  return { id: send.id as string, report: started.body.data };
}
const report = async (id: string) => (await admin().get(`/api/v1/marketing_sends/${id}/report`)).body.data;
const mailsTo = (address: string) => smtp.received.filter((m) => to(m) === address);

beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm(), startSmtpServer({ reject: (a) => a === BOUNCING })]);
  const saved = await admin().request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: '青松市场部', fromAddress: 'news@crm.test', appUrl: 'https://crm.example.com' });
  if (saved.status !== 200) throw new Error(saved.text);
  const customer = await admin().create('customers', { name: '上海青松科技有限公司' });
  const make = (name: string, email: string | null, consent: string, extra: Record<string, unknown> = {}) =>
    admin().create('contacts', { name, email, marketing_consent: consent, marketing_consent_source: 'web_form', ...extra });
  contacts = {
    wang: await make('王小明', 'wang@client.test', 'opted_in', { customer_id: customer.id }),
    noname: await make('Anon', 'anon@client.test', 'opted_in'),
    out: await make('李退订', 'li@client.test', 'opted_out'),
    unknown: await make('赵未知', 'zhao@client.test', 'unknown'),
    noEmail: await make('钱无邮箱', null, 'opted_in'),
    twin: await make('王小明（重复）', 'WANG@client.test', 'opted_in'),
    bounce: await make('孙退信', BOUNCING, 'opted_in'),
  };
  segment = await admin().create('segments', { name: '新品推荐名单', kind: 'static', object: 'contacts' });
  await admin().post(`/api/v1/segments/${segment.id}/members`, { ids: Object.values(contacts).map((c) => c.id) });
  campaign = await admin().create('campaigns', { name: '十二月邮件推广', type: 'email' });
  template = await admin().create('marketing_templates', {
    name: '新品推荐',
    subject_zh: '{{contact.name | 客户}}，{{customer.name | 贵公司}}专享新品',
    body_zh: '<p onclick="steal()">尊敬的 {{contact.name | 客户}}：</p><script>alert(1)</script><p><a href="https://shop.example.com/new?a=1&b=2">查看新品</a></p>',
    subject_en: 'New for {{contact.name | you}}',
    body_en: '<p>Dear {{contact.name | customer}},</p><p><a href="https://shop.example.com/en">See more</a> or <a href="{{unsubscribe_url}}">leave the list</a></p>',
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('consent and templates', () => {
  it('stamps when and from where consent changed, in the audit', async () => {
    expect(contacts.wang).toMatchObject({ marketing_consent: 'opted_in', marketing_consent_source: 'web_form' });
    expect(Date.parse(contacts.wang.marketing_consent_at)).toBeGreaterThan(Date.now() - 600_000);
    const res = await admin().patch(`/api/v1/contacts/${contacts.unknown.id}`, { marketing_consent: 'opted_in' });
    expect(res.body.data).toMatchObject({ marketing_consent: 'opted_in', marketing_consent_source: 'manual' });
    const audit = await db().selectFrom('audit_log').select('changes').where('record_id', '=', contacts.unknown.id).where('action', '=', 'update').execute();
    expect(JSON.stringify(audit.map((a) => a.changes))).toContain('opted_in');
    await admin().patch(`/api/v1/contacts/${contacts.unknown.id}`, { marketing_consent: 'unknown' });
  });

  it('stores template HTML sanitised and refuses a bad consent value naming the field', async () => {
    expect(template.body_zh).not.toContain('script');
    expect(template.body_zh).not.toContain('onclick');
    expect(template.body_zh).toContain('{{contact.name | 客户}}');
    const bad = await admin().patch(`/api/v1/contacts/${contacts.wang.id}`, { marketing_consent: 'maybe' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('marketing_consent');
  });

  it('previews with a real contact, escaping values, and with fallbacks for what is empty', async () => {
    const body = { template: { subject_zh: template.subject_zh, body_zh: template.body_zh } };
    const real = await admin().post('/api/v1/marketing/email/preview', { ...body, contactId: contacts.wang.id });
    expect(real.body.data.subject).toBe('王小明，上海青松科技有限公司专享新品');
    expect(real.body.data.html).toContain('尊敬的 王小明');
    const noCustomer = await admin().post('/api/v1/marketing/email/preview', { ...body, contactId: contacts.noname.id });
    expect(noCustomer.body.data.subject).toBe('Anon，贵公司专享新品');
    const nobody = await admin().post('/api/v1/marketing/email/preview', body);
    expect(nobody.body.data.subject).toBe('客户，贵公司专享新品');
    expect(nobody.body.data.html).toContain('尊敬的 客户');
    const xss = await admin().post('/api/v1/marketing/email/preview', { template: { subject_zh: 's', body_zh: '<p>{{contact.name}}</p>' }, contactId: (await admin().create('contacts', { name: '<img src=x onerror=alert(1)>' })).id });
    expect(xss.body.data.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const hidden = await admin().post('/api/v1/marketing/email/preview', { ...body, contactId: '00000000-0000-4000-8000-000000000000' });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.details[0].path).toBe('contactId');
  });

  it('test-sends to one address without tracking', async () => {
    const res = await admin().post('/api/v1/marketing/email/test-send', { template: { subject_zh: template.subject_zh, body_zh: template.body_zh }, contactId: contacts.wang.id, to: 'me@crm.test' });
    expect(res.status, res.text).toBe(200);
    const mail = mailsTo('me@crm.test')[0];
    expect(mail.mail.subject).toBe('[测试 TEST] 王小明，上海青松科技有限公司专享新品');
    expect(mail.mail.html).toContain('https://shop.example.com/new?a=1&amp;b=2');
  });
});

describe('a send to a segment', () => {
  let sendId: string;
  let wangMail: ReceivedMail;

  it('queues only consenting contacts with an address, counting every skip by reason', async () => {
    const { id, report: started } = await newSend({ campaign_id: undefined });
    sendId = id;
    expect(started.figures).toMatchObject({ all: 7, queued: 3, skipped: 4 });
    expect(started.skipped).toEqual({ duplicate: 1, no_consent: 1, no_email: 1, opted_out: 1 });
    expect(await runSend(worker(), id)).toBeNull();
    expect((await report(id)).figures).toMatchObject({ delivered: 2, bounced: 1, queued: 0, skipped: 4 });
    expect((await admin().get(`/api/v1/marketing_sends/${id}`)).body.data.status).toBe('completed');
    expect(mailsTo('wang@client.test')).toHaveLength(1);
    expect(mailsTo('li@client.test')).toHaveLength(0);
    expect(mailsTo('zhao@client.test')).toHaveLength(0);
    wangMail = mailsTo('wang@client.test')[0];
  });

  it('fills variables and carries one-click unsubscribe headers (RFC 8058)', () => {
    expect(wangMail.mail.subject).toBe('王小明，上海青松科技有限公司专享新品');
    expect(rawHeader(wangMail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(wangMail, 'List-Unsubscribe')).toMatch(/^<https:\/\/crm\.example\.com\/m\/u\/[0-9a-f-]{36}\/[\w-]{43}>$/);
    expect(wangMail.mail.html).not.toContain('href="https://shop.example.com');
    expect(wangMail.mail.text).toContain('尊敬的 王小明');
  });

  it('redirects a signed click, refuses a tampered one, and counts opens and clicks', async () => {
    const link = /href="(https:\/\/crm\.example\.com\/m\/c\/[^"]+)"/.exec(wangMail.mail.html as string)![1].replace(/&amp;/g, '&');
    const click = await t.anon.get(pathOf(link));
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe('https://shop.example.com/new?a=1&b=2');
    const evil = await t.anon.get(pathOf(link).replace(/u=[^&]+/, `u=${encodeURIComponent('https://evil.example.com/')}`));
    expect(evil.status).toBe(404);
    expect(evil.headers.location).toBeUndefined();
    expect((await t.anon.get(pathOf(link).replace(/\/[\w-]{43}\?/, `/${'x'.repeat(43)}?`))).status).toBe(404);
    expect((await t.anon.get('/m/c/not-a-uuid/abc?u=https://x.test')).status).toBe(404);
    const pixel = /src="https:\/\/crm\.example\.com(\/m\/o\/[^"]+)"/.exec(wangMail.mail.html as string)![1];
    const open = await t.anon.get(pixel);
    expect(open.status).toBe(200);
    expect(open.headers['content-type']).toBe('image/gif');
    expect((await report(sendId)).figures).toMatchObject({ opened: 1, clicked: 1 });
    const clicked = await admin().get(`/api/v1/marketing_sends/${sendId}/recipients?filter=clicked`);
    expect(clicked.body).toMatchObject({ total: 1, data: [{ name: '王小明', email: 'wang@client.test', clicks: 1, opens: 1 }] });
  });

  it('marks a hard bounce and skips the address in later sends', async () => {
    const bounced = await admin().get(`/api/v1/marketing_sends/${sendId}/recipients?filter=bounced`);
    expect(bounced.body.data[0]).toMatchObject({ email: BOUNCING, state: 'bounced' });
    expect(bounced.body.data[0].error).toContain('550');
    const again = await newSend({ name: '再次发送' });
    expect(again.report.skipped).toMatchObject({ bounced: 1 });
  });

  it('unsubscribes in one click: the contact opts out (audited) and later sends skip it', async () => {
    const url = rawHeader(wangMail, 'List-Unsubscribe')!.slice(1, -1);
    const page = await t.anon.get(pathOf(url));
    expect(page.text).toContain('确认退订');
    // Showing the page changes nothing (link scanners fetch it); the one-click POST does.
    expect((await admin().get(`/api/v1/contacts/${contacts.wang.id}`)).body.data.marketing_consent).toBe('opted_in');
    const res = await t.anon.request('POST', pathOf(url), 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    expect((await admin().get(`/api/v1/contacts/${contacts.wang.id}`)).body.data).toMatchObject({ marketing_consent: 'opted_out', marketing_consent_source: 'unsubscribe_link' });
    expect((await t.anon.request('POST', pathOf(url).slice(0, -3) + 'abc', '', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(404);
    expect((await report(sendId)).figures.unsubscribed).toBe(1);
    const later = await newSend({ name: '退订后发送' });
    expect(later.report.skipped).toMatchObject({ opted_out: 2 });
    expect(later.report.figures.queued).toBe(1);
  });
});

describe('campaign audience, throttle and resume', () => {
  let members: string[];

  beforeAll(async () => {
    members = [];
    for (let i = 0; i < 5; i++) {
      const c = await admin().create('contacts', { name: `活动成员${i}`, email: `member${i}@client.test`, marketing_consent: 'opted_in' });
      members.push(c.id);
    }
    await admin().post(`/api/v1/campaigns/${campaign.id}/members`, { object: 'contacts', ids: members });
  });

  it('resumes after the worker stops between recipients and after one died mid-SMTP, never sending twice', async () => {
    const { id, report: started } = await newSend({ name: '活动邮件', segment_id: null, campaign_id: campaign.id, rate_per_minute: 60_000 });
    expect(started.figures.queued).toBe(5);
    // The first worker stops (shutdown) after two messages and hands the send back.
    expect(await runSend(worker('w1', 2), id)).not.toBeNull();
    expect((await report(id)).figures.delivered).toBe(2);
    // A second worker claims a recipient and dies inside SMTP: its row stays "sending", its lease lapses.
    await sql`UPDATE marketing_send_recipients SET state = 'sending', attempts = 1 WHERE id = (SELECT id FROM marketing_send_recipients WHERE send_id = ${id} AND state = 'queued' ORDER BY id LIMIT 1)`.execute(db());
    await sql`UPDATE marketing_send_runs SET worker = 'dead', lease_until = now() - interval '1 second' WHERE send_id = ${id}`.execute(db());
    // A live lease is respected: nobody else works on the send meanwhile.
    await sql`UPDATE marketing_send_runs SET lease_until = now() + interval '1 minute' WHERE send_id = ${id}`.execute(db());
    expect(await runSend(worker('w3'), id)).toBeNull();
    await sql`UPDATE marketing_send_runs SET lease_until = now() - interval '1 second' WHERE send_id = ${id}`.execute(db());
    expect(await runSend(worker('w4'), id)).toBeNull();
    const figures = (await report(id)).figures;
    expect(figures).toMatchObject({ delivered: 4, failed: 1, queued: 0 });
    const failed = await admin().get(`/api/v1/marketing_sends/${id}/recipients?filter=failed`);
    expect(failed.body.data[0].error).toContain('not sent again');
    for (let i = 0; i < 5; i++) expect(mailsTo(`member${i}@client.test`).length).toBeLessThanOrEqual(1);
    expect(members.filter((_, i) => mailsTo(`member${i}@client.test`).length === 1)).toHaveLength(4);
    // Campaign members who got it are "sent".
    const list = await admin().list('campaign_members', { filter: { field: 'campaign_id', op: 'eq', value: campaign.id } });
    expect(list.body.data.filter((m: any) => m.status === 'sent')).toHaveLength(5);
  });

  it('keeps to the rate: messages at least 60/rate seconds apart', async () => {
    const { id } = await newSend({ name: '限速发送', segment_id: null, campaign_id: campaign.id, rate_per_minute: 120 });
    expect(await runSend(worker('w5'), id)).toBeNull();
    // Handed to SMTP no sooner than the throttle's slot, within a claimed batch too: 120 a minute is one per 500 ms.
    const { rows } = await sql<{ sent_at: Date }>`SELECT sent_at FROM marketing_send_recipients WHERE send_id = ${id} AND state = 'delivered' ORDER BY sent_at`.execute(db());
    expect(rows.length).toBe(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i].sent_at.getTime() - rows[i - 1].sent_at.getTime()).toBeGreaterThanOrEqual(490);
  });

  it('refuses to start twice, to start a send of another object, and to change the audience once started', async () => {
    const { id } = await newSend({ name: '重复启动' });
    expect((await admin().post(`/api/v1/marketing_sends/${id}/start`)).status).toBe(409);
    const moved = await admin().patch(`/api/v1/marketing_sends/${id}`, { template_id: template.id, segment_id: null, campaign_id: campaign.id });
    expect(moved.status).toBe(400);
    const customerSegment = await admin().create('segments', { name: '客户分群', kind: 'static', object: 'customers' });
    const wrong = await admin().create('marketing_sends', { name: '客户群发', template_id: template.id, segment_id: customerSegment.id });
    const res = await admin().post(`/api/v1/marketing_sends/${wrong.id}/start`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('segment_id');
    const both = await admin().post('/api/v1/marketing_sends', { name: 'x', template_id: template.id, segment_id: segment.id, campaign_id: campaign.id });
    expect(both.status).toBe(400);
  });
});

describe('roles', () => {
  it('gives the built-in marketer their own templates and sends, and no other marketer’s', async () => {
    const a = await t.createUser({ role: 'marketer' });
    const b = await t.createUser({ role: 'marketer' });
    const mine = await a.client.create('marketing_templates', { name: '我的模板', subject_zh: '你好', body_zh: '<p>你好</p>' });
    expect((await b.client.get(`/api/v1/marketing_templates/${mine.id}`)).status).toBe(404);
    const manager = await t.createUser({ role: 'marketing_manager' });
    expect((await manager.client.get(`/api/v1/marketing_templates/${mine.id}`)).status).toBe(200);
    const NONE = { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' };
    const rep = await t.createUser({ role: await t.createRole('no_marketing', { objects: { '*': NONE, contacts: { ...NONE, read: 'all' } } }) });
    expect((await rep.client.post('/api/v1/marketing/email/preview', { template: { subject_zh: 's', body_zh: 'b' } })).status).toBe(403);
  });
});
