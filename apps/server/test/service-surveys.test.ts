import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPendingNow } from '../src/modules/notifications/index.js';
import { npsOf } from '../src/modules/service-surveys/results/nps.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { startSmtpServer, waitFor } from './helpers/local-servers.js';

process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let manager: TestUser;
let agent: TestUser;

const QUESTIONS = [
  { id: 'nps', type: 'nps', label: { zh: '推荐意愿', en: 'Recommend?' }, required: true },
  { id: 'rate', type: 'rating', label: { zh: '满意度', en: 'Satisfaction' }, required: false },
  { id: 'via', type: 'single', label: { zh: '渠道', en: 'Channel' }, options: [{ value: 'phone', label: { zh: '电话', en: 'Phone' } }, { value: 'mail', label: { zh: '邮件', en: 'Mail' } }] },
  { id: 'fix', type: 'multiple', label: { zh: '改进', en: 'Improve' }, options: [{ value: 'speed', label: { zh: '速度', en: 'Speed' } }, { value: 'price', label: { zh: '价格', en: 'Price' } }, { value: 'docs', label: { zh: '文档', en: 'Docs' } }] },
  { id: 'note', type: 'text', label: { zh: '建议', en: 'Comment' } },
];
const survey = (extra: Record<string, unknown> = {}) => ({ title: { zh: '客户满意度调查', en: 'Customer survey' }, questions: QUESTIONS, ...extra });

beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm(), startSmtpServer()]);
  const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: '客服', fromAddress: 'support@crm.test', appUrl: 'https://crm.example.test' });
  expect(saved.status).toBe(200);
  manager = await t.createUser({ role: 'support_manager', name: '客服主管' });
  agent = await t.createUser({ role: 'service_agent', name: '客服小李' });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

let ipSeq = 0;
const page = (method: 'GET' | 'POST', url: string, form?: string, remoteAddress = `10.7.0.${++ipSeq % 250}`) =>
  t.app.inject({ method, url, remoteAddress, headers: form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, ...(form !== undefined ? { payload: form } : {}) });

/** The survey links mailed to an address (read from the real SMTP receiver). */
async function mailedLink(email: string, after: number): Promise<string> {
  await deliverPendingNow(t.crm.handle.db);
  const mail = await waitFor(() => smtp.received.slice(after).find((m) => m.envelope.to.includes(email)));
  const url = /https:\/\/crm\.example\.test(\/survey\/[^\s]+)&lang=zh/.exec(String(mail.mail.text))![1];
  return url;
}

describe('survey management', () => {
  it('lets 客服主管 manage and agents only read; validates questions naming the field', async () => {
    expect((await agent.client.post('/api/v1/service/surveys', survey())).status).toBe(403);
    const bad = await manager.client.post('/api/v1/service/surveys', survey({ questions: [{ id: 'x', type: 'single', label: { zh: '选', en: 'Pick' }, options: [{ value: 'a', label: { zh: 'A', en: 'A' } }] }] }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('questions.0.options');
    const dup = await manager.client.post('/api/v1/service/surveys', survey({ questions: [QUESTIONS[0], QUESTIONS[0]] }));
    expect(dup.status).toBe(400);
    const created = await manager.client.post('/api/v1/service/surveys', survey());
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect((await agent.client.get('/api/v1/service/surveys')).body.data.some((s: { id: string }) => s.id === id)).toBe(true);
    expect((await agent.client.get(`/api/v1/service/surveys/${id}/results`)).status).toBe(200);
    expect((await agent.client.request('PUT', `/api/v1/service/surveys/${id}`, survey({ status: 'open' }))).status).toBe(403);
    // Opened, its questions are fixed.
    expect((await manager.client.request('PUT', `/api/v1/service/surveys/${id}`, survey({ status: 'open' }))).status).toBe(200);
    const changed = await manager.client.request('PUT', `/api/v1/service/surveys/${id}`, survey({ status: 'open', questions: QUESTIONS.slice(0, 2) }));
    expect(changed.status).toBe(409);
    expect(changed.body.error.details[0].path).toBe('questions');
    const audit = await t.crm.handle.db.selectFrom('audit_log').select('action').where('record_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'update']);
    const events = await t.crm.handle.db.selectFrom('outbox').select('topic').where('record_id', '=', id).execute();
    expect(events.map((e) => e.topic).sort()).toEqual(['survey.created', 'survey.updated']);
  });
});

describe('sending and answering', () => {
  it('mails one signed link per filtered contact; the page takes one editable response per contact and refuses junk', async () => {
    const customer = await t.admin.client.create('customers', { name: '长风科技' });
    const a = await t.admin.client.create('contacts', { name: '赵敏', email: 'zhao@changfeng.test', customer_id: customer.id });
    const b = await t.admin.client.create('contacts', { name: '钱坤', email: 'qian@changfeng.test', customer_id: customer.id });
    await t.admin.client.create('contacts', { name: '孙丽（无邮箱）', customer_id: customer.id });
    await t.admin.client.create('contacts', { name: '别家客户', email: 'other@elsewhere.test' });
    const id = (await manager.client.post('/api/v1/service/surveys', survey({ status: 'open' }))).body.data.id;
    const draft = (await manager.client.post('/api/v1/service/surveys', survey())).body.data.id;
    const filter = { field: 'customer_id', op: 'eq', value: customer.id };
    expect((await manager.client.post(`/api/v1/service/surveys/${draft}/send`, { filter })).status).toBe(409);
    expect((await manager.client.post(`/api/v1/service/surveys/${id}/send`, { filter: { field: 'nope', op: 'eq', value: 1 } })).status).toBe(400);

    const before = smtp.received.length;
    const sent = await manager.client.post(`/api/v1/service/surveys/${id}/send`, { filter });
    expect(sent.status).toBe(200);
    expect(sent.body.data.queued).toBe(2);
    // Sending again skips those already invited.
    expect((await manager.client.post(`/api/v1/service/surveys/${id}/send`, { filter })).body.data.queued).toBe(0);
    const linkA = await mailedLink('zhao@changfeng.test', before);
    const linkB = await mailedLink('qian@changfeng.test', before);
    expect(linkA).toContain(`/survey/${id}/${a.id}?s=`);
    await waitFor(() => smtp.received.length - before >= 2);
    expect(smtp.received.slice(before).some((m) => m.envelope.to.includes('other@elsewhere.test'))).toBe(false);

    const shown = await page('GET', linkA);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('客户满意度调查');
    // Another contact's id with A's signature, or a forged signature: refused.
    expect((await page('GET', linkA.replace(a.id, b.id))).statusCode).toBe(403);
    expect((await page('GET', linkA.replace(/s=[^&]+/, 's=forged'))).statusCode).toBe(403);
    expect((await page('GET', `/survey/${id}/not-a-uuid?s=x`)).statusCode).toBe(404);

    // Junk: missing required, out of range, unknown option, unknown question → 400 naming them, nothing stored.
    const junk = await page('POST', linkA, 'q_rate=9&q_via=fax&q_zzz=1');
    expect(junk.statusCode).toBe(400);
    expect(junk.body).toContain('data-testid="survey-q-nps"');
    expect(await t.crm.handle.db.selectFrom('survey_responses').select('id').where('survey_id', '=', id).execute()).toHaveLength(0);

    const ok = await page('POST', linkA, 'q_nps=10&q_rate=5&q_via=phone&q_fix=speed&q_fix=docs&q_note=' + encodeURIComponent('很好'));
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('感谢');
    // Re-opening the link shows the answers; answering again edits the one response.
    expect((await page('GET', linkA)).body).toMatch(/value="10" checked/);
    expect((await page('POST', linkA, 'q_nps=6&q_via=mail')).statusCode).toBe(200);
    expect((await page('POST', linkB, 'q_nps=9')).statusCode).toBe(200);
    const rows = await t.crm.handle.db.selectFrom('survey_responses').select(['contact_id']).where('survey_id', '=', id).execute();
    expect(rows.map((r) => r.contact_id).sort()).toEqual([a.id, b.id].sort());

    const results = (await agent.client.get(`/api/v1/service/surveys/${id}/results`)).body.data;
    const nps = results.questions.find((q: { questionId: string }) => q.questionId === 'nps');
    expect(nps.count).toBe(2);
    expect(nps.distribution['6']).toBe(1);
    expect(nps.distribution['9']).toBe(1);
    expect(nps.nps).toEqual({ count: 2, promoters: 1, passives: 0, detractors: 1, score: 0 });
    expect(results.questions.find((q: { questionId: string }) => q.questionId === 'via').distribution).toEqual({ phone: 0, mail: 1 });
    // The edit dropped A's earlier rating and choices.
    expect(results.questions.find((q: { questionId: string }) => q.questionId === 'rate').count).toBe(0);
    expect(results.trend.reduce((n: number, w: { responses: number }) => n + w.responses, 0)).toBe(2);
    const list = await agent.client.get(`/api/v1/service/surveys/${id}/responses`);
    expect(list.body.total).toBe(2);
    expect(list.body.data.find((r: { contactId: string }) => r.contactId === a.id).contactName).toBe('赵敏');

    // Closed: the link shows it is closed and takes no answers.
    expect((await manager.client.request('PUT', `/api/v1/service/surveys/${id}`, survey({ status: 'closed' }))).status).toBe(200);
    expect((await page('POST', linkB, 'q_nps=1')).statusCode).toBe(409);
  });

  it('sends to a marketing segment of contacts', async () => {
    const c = await t.admin.client.create('contacts', { name: '李雷', email: 'lilei@segment.test' });
    await t.admin.client.create('contacts', { name: '韩梅梅', email: 'hanmeimei@segment.test' });
    const segment = await t.admin.client.create('segments', { name: '问卷名单', object: 'contacts', kind: 'static' });
    expect((await t.admin.client.post(`/api/v1/segments/${segment.id}/members`, { ids: [c.id] })).status).toBe(200);
    const id = (await t.admin.client.post('/api/v1/service/surveys', survey({ status: 'open' }))).body.data.id;
    const sent = await t.admin.client.post(`/api/v1/service/surveys/${id}/send`, { segment: segment.id });
    expect(sent.body.data.queued).toBe(1);
    const invited = await t.crm.handle.db.selectFrom('survey_invitations').select('contact_id').where('survey_id', '=', id).execute();
    expect(invited.map((r) => r.contact_id)).toEqual([c.id]);
  });

  it('rate-limits the public page per IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) statuses.push((await page('GET', '/survey/00000000-0000-4000-8000-000000000000/00000000-0000-4000-8000-000000000000?s=x', undefined, '10.99.0.1')).statusCode);
    expect(statuses[0]).toBe(403);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('NPS math', () => {
  it('is % promoters − % detractors', () => {
    expect(npsOf(6, 2, 2)).toEqual({ count: 10, promoters: 6, passives: 2, detractors: 2, score: 40 });
    expect(npsOf(0, 0, 3).score).toBe(-100);
    expect(npsOf(1, 1, 1).score).toBe(0);
    expect(npsOf(2, 0, 1).score).toBe(33.3);
    expect(npsOf(0, 0, 0).score).toBeNull();
  });
});
