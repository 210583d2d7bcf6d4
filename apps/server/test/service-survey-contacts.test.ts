import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationPath, signInvitation } from '../src/modules/service-surveys/answer/signed-link.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

/** Survey answers belong to the CRM: on the contact's and its customer's timeline, counted on the contact. */
let t: TestCrm;
let agent: TestUser;
let sales: TestUser;
let marketer: TestUser;
beforeAll(async () => {
  t = await startTestCrm();
  agent = await t.createUser({ role: 'service_agent', name: '客服小王' });
  sales = await t.createUser({ role: 'sales_rep', name: '销售小张' });
  marketer = await t.createUser({ role: 'marketer', name: '市场小赵' });
}, 120_000);
afterAll(async () => t?.close());

const QUESTIONS = [
  { id: 'nps', type: 'nps', label: { zh: '推荐意愿', en: 'Recommend?' }, required: true },
  { id: 'rate', type: 'rating', label: { zh: '满意度', en: 'Satisfaction' } },
  { id: 'note', type: 'text', label: { zh: '建议', en: 'Comment' } },
];

async function answer(surveyId: string, contactId: string, form: string) {
  const url = invitationPath(surveyId, contactId, await signInvitation(t.crm.handle.db, surveyId, contactId));
  const res = await t.app.inject({ method: 'POST', url, remoteAddress: '10.8.0.1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
  expect(res.statusCode, res.body).toBe(200);
}

describe('survey answers on the contact', () => {
  it('shows an answer on the contact and customer timeline for readers of surveys, and counts it on the contact', async () => {
    const admin = t.admin.client;
    const customer = await admin.create('customers', { name: '华东贸易' });
    const contact = await admin.create('contacts', { name: '李娜', email: 'lina@huadong.cn', customer_id: customer.id, owner_id: sales.id });
    const other = await admin.create('contacts', { name: '王强', email: 'wq@huadong.cn' });
    const created = await admin.post('/api/v1/service/surveys', { title: { zh: '季度满意度', en: 'Quarterly survey' }, status: 'open', questions: QUESTIONS });
    expect(created.status).toBe(201);
    const surveyId = created.body.data.id;
    await answer(surveyId, contact.id, 'q_nps=9&q_rate=4&q_note=' + encodeURIComponent('响应很快'));

    const timeline = (await admin.get(`/api/v1/contacts/${contact.id}/timeline`)).body.data as { source?: string; title?: string; detail?: string; link?: string }[];
    const entry = timeline.find((e) => e.source === 'survey');
    expect(entry).toMatchObject({ title: '回答了调查：季度满意度 (NPS 9 · 评分 4/5)', detail: '响应很快', link: `/service/surveys/${surveyId}` });
    const onCustomer = (await admin.get(`/api/v1/customers/${customer.id}/timeline`)).body.data as { source?: string; title?: string }[];
    expect(onCustomer.find((e) => e.source === 'survey')?.title).toBe('李娜 回答了调查：季度满意度 (NPS 9 · 评分 4/5)');
    expect((await admin.get(`/api/v1/contacts/${other.id}/timeline`)).body.data.some((e: { source?: string }) => e.source === 'survey')).toBe(false);
    // The agent reads surveys and sees it; a marketer (contacts yes, surveys no) sees the contact but not the answer.
    expect(((await agent.client.get(`/api/v1/contacts/${contact.id}/timeline`)).body.data as { source?: string }[]).some((e) => e.source === 'survey')).toBe(true);
    const repView = await marketer.client.get(`/api/v1/contacts/${contact.id}/timeline`);
    expect(repView.status).toBe(200);
    expect((repView.body.data as { source?: string }[]).some((e) => e.source === 'survey')).toBe(false);

    const summary = await agent.client.get(`/api/v1/service/surveys/contacts/${contact.id}`);
    expect(summary.status).toBe(200);
    expect(summary.body.data).toMatchObject({ invited: 0, answered: 1 });
    expect(summary.body.data.lastAnsweredAt).not.toBeNull();
    expect((await agent.client.get('/api/v1/service/surveys/contacts/not-a-uuid')).status).toBe(400);
    expect((await agent.client.get('/api/v1/service/surveys/contacts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await marketer.client.get(`/api/v1/service/surveys/contacts/${contact.id}`)).status).toBe(403);
  });
});
