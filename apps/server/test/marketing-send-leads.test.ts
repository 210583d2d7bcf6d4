import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSend } from '../src/modules/marketing/email/worker.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { startSmtpServer, type ReceivedMail } from './helpers/local-servers.js';
// The SMTP receiver runs on 127.0.0.1, which outbound connections may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

/**
 * Leads as recipients (a segment over leads, a campaign's lead members) under the same consent
 * and suppression rules as contacts, and each person's own language (else the send's), against a
 * real SMTP receiver; the worker claims in batches over a pooled connection.
 */
let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const admin = () => t.admin.client;
const mailsTo = (address: string) => smtp.received.filter((m: ReceivedMail) => m.envelope.to[0] === address);
const worker = () => ({ db: t.crm.handle.db, engine: t.crm.engine, workerId: 'leads', stopping: () => false });
let template: Record<string, any>;
/** The unsubscribe address as sent (header unfolded), as a path on the app. */
const unsubscribePath = (m: ReceivedMail) => /^List-Unsubscribe: <([^>]+)>/im.exec(m.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' '))![1].replace('https://crm.example.com', '');

async function sendTo(audience: Record<string, unknown>, values: Record<string, unknown> = {}) {
  const send = await admin().create('marketing_sends', { name: '线索群发', template_id: template.id, rate_per_minute: 60_000, ...audience, ...values });
  const started = await admin().post(`/api/v1/marketing_sends/${send.id}/start`);
  expect(started.status, started.text).toBe(200);
  expect(await runSend(worker(), send.id)).toBeNull();
  return { id: send.id as string, started: started.body.data, report: (await admin().get(`/api/v1/marketing_sends/${send.id}/report`)).body.data };
}

beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm(), startSmtpServer({ reject: (a) => a === 'gone@lead.test' })]);
  const saved = await admin().request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: '青松市场部', fromAddress: 'news@crm.test', appUrl: 'https://crm.example.com' });
  if (saved.status !== 200) throw new Error(saved.text);
  template = await admin().create('marketing_templates', {
    name: '双语模板',
    subject_zh: '{{contact.name | 客户}}，{{customer.name | 贵公司}}专享',
    body_zh: '<p>尊敬的 {{contact.name | 客户}}：新品上市。</p>',
    subject_en: 'For {{contact.name | you}} at {{customer.name | your company}}',
    body_en: '<p>Dear {{contact.name | customer}}, new products are here.</p>',
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('leads as recipients', () => {
  it('leads carry consent (stamped, audited) and an e-mail language; a bad value is a 400 naming the field', async () => {
    const lead = await admin().create('leads', { name: '周线索', company: '杭州远山贸易', email: 'zhou@lead.test', marketing_consent: 'opted_in', marketing_consent_source: 'web_form', language: 'en' });
    expect(lead).toMatchObject({ marketing_consent: 'opted_in', marketing_consent_source: 'web_form', language: 'en' });
    expect(Date.parse(lead.marketing_consent_at)).toBeGreaterThan(Date.now() - 600_000);
    const bad = await admin().patch(`/api/v1/leads/${lead.id}`, { language: 'fr' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('language');
  });

  it('a segment over leads: only consenting leads with an address, each in its language, skips counted; a bounce suppresses the address', async () => {
    const make = (name: string, email: string | null, consent: string, extra: Record<string, unknown> = {}) => admin().create('leads', { name, email, marketing_consent: consent, ...extra });
    const leads = [
      await make('吴中文', 'wu@lead.test', 'opted_in', { company: '苏州吴门科技' }),
      await make('Emma English', 'emma@lead.test', 'opted_in', { language: 'en', company: 'Emma Ltd' }),
      await make('郑退订', 'zheng@lead.test', 'opted_out'),
      await make('冯未知', 'feng@lead.test', 'unknown'),
      await make('陈无邮箱', null, 'opted_in'),
      await make('退信线索', 'gone@lead.test', 'opted_in'),
    ];
    const segment = await admin().create('segments', { name: '线索名单', kind: 'static', object: 'leads' });
    await admin().post(`/api/v1/segments/${segment.id}/members`, { ids: leads.map((l) => l.id) });
    const { id, started, report } = await sendTo({ segment_id: segment.id });
    expect(started.figures).toMatchObject({ all: 6, queued: 3, skipped: 3 });
    expect(started.skipped).toEqual({ no_consent: 1, no_email: 1, opted_out: 1 });
    expect(report.figures).toMatchObject({ delivered: 2, bounced: 1, queued: 0 });
    // No language of its own: the send's (Chinese); the lead's company stands in for the customer.
    expect(mailsTo('wu@lead.test').map((m) => m.mail.subject)).toEqual(['吴中文，苏州吴门科技专享']);
    const emma = mailsTo('emma@lead.test');
    expect(emma.map((m) => m.mail.subject)).toEqual(['For Emma English at Emma Ltd']);
    expect(emma[0].mail.text).toContain('Dear Emma English');
    expect(emma[0].mail.text).toContain('Unsubscribe');
    const list = await admin().get(`/api/v1/marketing_sends/${id}/recipients?filter=delivered`);
    expect(list.body.data.map((r: any) => [r.name, r.locale, !!r.leadId])).toEqual(expect.arrayContaining([['吴中文', 'zh', true], ['Emma English', 'en', true]]));
    // The bounced address is suppressed for contacts and leads alike.
    const contact = await admin().create('contacts', { name: '同址联系人', email: 'GONE@lead.test', marketing_consent: 'opted_in' });
    const contacts = await admin().create('segments', { name: '同址', kind: 'static', object: 'contacts' });
    await admin().post(`/api/v1/segments/${contacts.id}/members`, { ids: [contact.id] });
    expect((await sendTo({ segment_id: contacts.id })).started.skipped).toEqual({ bounced: 1 });
  });

  it('a campaign reaches contact and lead members once per address (the contact wins); unsubscribing opts the lead out', async () => {
    const campaign = await admin().create('campaigns', { name: '春季展会邀请', type: 'trade_show' });
    const contact = await admin().create('contacts', { name: '何联系人', email: 'he@both.test', marketing_consent: 'opted_in', language: 'en' });
    const twin = await admin().create('leads', { name: '何线索', email: 'HE@both.test', marketing_consent: 'opted_in' });
    const lead = await admin().create('leads', { name: '许线索', email: 'xu@lead.test', marketing_consent: 'opted_in' });
    await admin().post(`/api/v1/campaigns/${campaign.id}/members`, { object: 'contacts', ids: [contact.id] });
    const added = await admin().post(`/api/v1/campaigns/${campaign.id}/members`, { object: 'leads', ids: [twin.id, lead.id] });
    expect(added.status, added.text).toBeLessThan(300);
    const { id, started } = await sendTo({ campaign_id: campaign.id }, { locale: 'zh' });
    expect(started.figures).toMatchObject({ all: 3, queued: 2, skipped: 1 });
    expect(started.skipped).toEqual({ duplicate: 1 });
    expect(mailsTo('he@both.test').map((m) => m.mail.subject)).toEqual(['For 何联系人 at your company']);
    const xu = mailsTo('xu@lead.test');
    expect(xu).toHaveLength(1);
    const dup = await admin().get(`/api/v1/marketing_sends/${id}/recipients?filter=skipped`);
    expect(dup.body.data).toMatchObject([{ name: '何线索', skipReason: 'duplicate' }]);

    const res = await t.anon.request('POST', unsubscribePath(xu[0]), 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('您已退订');
    expect((await admin().get(`/api/v1/leads/${lead.id}`)).body.data).toMatchObject({ marketing_consent: 'opted_out', marketing_consent_source: 'unsubscribe_link' });
    // The English reader's unsubscribe page is in English.
    expect((await t.anon.get(unsubscribePath(mailsTo('he@both.test')[0]))).text).toContain('Stop receiving our marketing e-mails?');
  });

  it("a converted lead's consent and language go to the new contact; what the conversion dialog sets is kept", async () => {
    const lead = await admin().create('leads', { name: '褚转化', company: '宁波褚氏', email: 'chu@lead.test', marketing_consent: 'opted_in', marketing_consent_source: 'web_form', language: 'en' });
    const res = await admin().post(`/api/v1/leads/${lead.id}/convert`, {});
    expect(res.status, res.text).toBe(200);
    const contact = (await admin().get(`/api/v1/contacts/${res.body.data.contact.id}`)).body.data;
    expect(contact).toMatchObject({ marketing_consent: 'opted_in', marketing_consent_source: 'lead_conversion: web_form', language: 'en' });

    // An opt-out travels too; a consent given in the conversion dialog itself is kept.
    const refused = await admin().create('leads', { name: '卫拒绝', company: '宁波卫氏', email: 'wei@lead.test', marketing_consent: 'opted_out' });
    const out = await admin().post(`/api/v1/leads/${refused.id}/convert`, {});
    expect((await admin().get(`/api/v1/contacts/${out.body.data.contact.id}`)).body.data).toMatchObject({ marketing_consent: 'opted_out', marketing_consent_source: 'lead_conversion: manual' });
    const asked = await admin().create('leads', { name: '蒋电话', company: '宁波蒋氏', email: 'jiang@lead.test', marketing_consent: 'opted_out', language: 'en' });
    const kept = await admin().post(`/api/v1/leads/${asked.id}/convert`, { contact: { values: { marketing_consent: 'opted_in', marketing_consent_source: 'phone', language: 'zh' } } });
    expect(kept.status, kept.text).toBe(200);
    expect((await admin().get(`/api/v1/contacts/${kept.body.data.contact.id}`)).body.data).toMatchObject({ marketing_consent: 'opted_in', marketing_consent_source: 'phone', language: 'zh' });
  });
});
