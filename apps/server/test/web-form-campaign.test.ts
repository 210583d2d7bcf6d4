import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** A web form names its campaign: the leads it brings become campaign members and count in the campaign report. */
process.env.CRM_WEB_FORM_RATE_LIMIT = '1000';

let t: TestCrm;
let campaign: Record<string, any>;
let form: Record<string, any>;

const submit = async (body: Record<string, unknown>) => {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/public/forms/${form.token}/submissions`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body), remoteAddress: '203.0.113.9' });
  expect(res.statusCode).toBeLessThan(300);
  return JSON.parse(res.body);
};
const members = async () => (await t.admin.client.list('campaign_members', { filter: { field: 'campaign_id', op: 'eq', value: campaign.id } })).body.data as any[];

beforeAll(async () => {
  t = await startTestCrm();
  campaign = await t.admin.client.create('campaigns', { name: '官网试用活动', type: 'online', start_date: '2026-06-01' });
  const res = await t.admin.client.post('/api/v1/web-forms', { name: '试用申请', campaignId: campaign.id, fields: [{ field: 'name', required: true }, { field: 'mobile', required: true }, { field: 'company' }] });
  expect(res.status).toBe(201);
  form = res.body.data;
});
afterAll(() => t?.close());

describe('web form → campaign', () => {
  it('keeps the campaign on the form', async () => {
    expect(form.campaignId).toBe(campaign.id);
    expect((await t.admin.client.get(`/api/v1/web-forms/${form.id}`)).body.data.campaignId).toBe(campaign.id);
  });

  it('makes each lead it creates a responded member, attributed in the report; a repeat submission adds nobody', async () => {
    expect((await submit({ name: '周晓', mobile: '13800138011', company: '晓光科技' })).data.received).toBe(true);
    let list = await members();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'responded', name: '周晓' });
    const leadId = list[0].lead_id;
    // Same mobile again: linked to the same lead, still one member.
    await submit({ name: '周晓', mobile: '13800138011' });
    list = await members();
    expect(list).toHaveLength(1);
    const report = (await t.admin.client.get(`/api/v1/campaigns/report?campaignId=${campaign.id}`)).body.data;
    expect(report.campaigns[0]).toMatchObject({ members: 1, responses: 1, leads: 1 });
    const leads = (await t.admin.client.get(`/api/v1/leads?campaign=leads:${campaign.id}`)).body.data;
    expect(leads.map((l: any) => l.id)).toEqual([leadId]);
  });

  it('refuses an unknown campaign naming campaignId, and writes nothing', async () => {
    const before = (await t.admin.client.get('/api/v1/web-forms')).body.data.length;
    const bad = await t.admin.client.post('/api/v1/web-forms', { name: '坏表单', campaignId: '00000000-0000-4000-8000-000000000000', fields: [{ field: 'name' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('campaignId');
    const malformed = await t.admin.client.post('/api/v1/web-forms', { name: '坏表单', campaignId: 'expo', fields: [{ field: 'name' }] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('campaignId');
    expect((await t.admin.client.get('/api/v1/web-forms')).body.data.length).toBe(before);
  });

  it('skips the campaign once it is deleted: the submission still makes its lead', async () => {
    const other = await t.admin.client.create('campaigns', { name: '已取消活动', type: 'ads' });
    const res = await t.admin.client.request('PUT', `/api/v1/web-forms/${form.id}`, { name: '试用申请', campaignId: other.id, fields: [{ field: 'name', required: true }, { field: 'mobile', required: true }] });
    expect(res.status).toBe(200);
    form = res.body.data;
    expect((await t.admin.client.delete(`/api/v1/campaigns/${other.id}`)).status).toBeLessThan(300);
    await submit({ name: '钱多多', mobile: '13900139022' });
    expect((await t.admin.client.list('leads', { filter: { field: 'name', op: 'eq', value: '钱多多' } })).body.data).toHaveLength(1);
    expect((await t.admin.client.get('/api/v1/campaign_members/count')).body.total).toBe(1);
  });
});
