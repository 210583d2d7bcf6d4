import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type Client, type TestCrm, type TestUser } from './helpers/crm.js';

type Rec = Record<string, any>;
let t: TestCrm;
let admin: Client;
let rep: TestUser;

const stage = (key: string, zh: string, probability: number, requiredFields: string[] = []) => ({ key, name: { zh, en: key }, probability, requiredFields });
/** A project pipeline: its own stages and probabilities, a quote needs an amount and a close date. */
const projectPipeline = {
  name: { zh: '项目型销售', en: 'Project sales' },
  position: 1,
  stages: [stage('discovery', '需求调研', 20), stage('bidding', '招投标', 60, ['amount', 'expected_close_date']), stage('won', '赢单', 100), stage('lost', '输单', 0)],
};

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
  rep = await t.createUser({ role: 'sales_rep', name: '销售小王' });
  const res = await admin.request('PUT', '/api/v1/pipelines/project', projectPipeline);
  expect(res.status, res.text).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('pipeline administration', () => {
  it('lists the seeded standard pipeline and the new one with ordered stages', async () => {
    const res = await rep.client.get('/api/v1/pipelines');
    expect(res.status).toBe(200);
    const keys = res.body.data.map((p: Rec) => p.key);
    expect(keys).toEqual(['standard', 'project']);
    expect(res.body.data[1].stages.map((s: Rec) => s.key)).toEqual(['discovery', 'bidding', 'won', 'lost']);
    expect(res.body.data[0].stages.map((s: Rec) => [s.key, s.probability])).toEqual([['initial', 10], ['qualified', 25], ['proposal', 50], ['negotiation', 75], ['won', 100], ['lost', 0]]);
  });

  it('keeps deals.stage a select whose options include every pipeline’s stages, closing stages last', async () => {
    const meta = (await rep.client.get('/api/v1/meta/objects/deals')).body.data;
    const stageOptions = meta.fields.find((f: Rec) => f.name === 'stage').options.map((o: Rec) => o.value);
    expect(stageOptions).toEqual(expect.arrayContaining(['initial', 'discovery', 'bidding']));
    expect(stageOptions.slice(-2)).toEqual(['won', 'lost']);
    expect(meta.fields.find((f: Rec) => f.name === 'pipeline').options.map((o: Rec) => o.value)).toEqual(['standard', 'project']);
  });

  it('refuses pipelines without won/lost at the end, duplicate stages and unknown required fields, naming the path', async () => {
    const bad = async (body: Rec) => admin.request('PUT', '/api/v1/pipelines/bad', body);
    let res = await bad({ ...projectPipeline, stages: [stage('a', 'A', 10), stage('won', '赢', 100), stage('b', 'B', 20)] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('stages');
    res = await bad({ ...projectPipeline, stages: [stage('a', 'A', 10), stage('a', 'A', 10), stage('won', '赢', 100), stage('lost', '输', 0)] });
    expect(res.body.error.details[0].path).toBe('stages.1.key');
    res = await bad({ ...projectPipeline, stages: [stage('a', 'A', 10, ['budget_xx']), stage('won', '赢', 100), stage('lost', '输', 0)] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('stages.0.requiredFields.0');
    res = await bad({ ...projectPipeline, stages: [stage('a', 'A', 10), stage('won', '赢', 90), stage('lost', '输', 0)] });
    expect(res.body.error.details[0].path).toBe('stages.1.probability');
    expect((await admin.get('/api/v1/pipelines')).body.data.map((p: Rec) => p.key)).not.toContain('bad');
  });

  it('lets only administrators change pipelines', async () => {
    const res = await rep.client.request('PUT', '/api/v1/pipelines/mine', projectPipeline);
    expect(res.status).toBe(403);
    expect((await rep.client.delete('/api/v1/pipelines/project')).status).toBe(403);
  });

  it('refuses to remove a stage or pipeline that still holds deals', async () => {
    await admin.request('PUT', '/api/v1/pipelines/tmp', { ...projectPipeline, name: { zh: '临时', en: 'Tmp' } });
    const deal = await admin.create('deals', { name: '临时商机', pipeline: 'tmp', stage: 'discovery' });
    const res = await admin.request('PUT', '/api/v1/pipelines/tmp', { ...projectPipeline, stages: projectPipeline.stages.filter((s) => s.key !== 'discovery') });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('discovery (1)');
    expect((await admin.delete('/api/v1/pipelines/tmp')).status).toBe(409);
    expect((await admin.delete('/api/v1/pipelines/standard')).status).toBe(409);
    await admin.delete(`/api/v1/deals/${deal.id}`);
    // Deleted deals may come back from the recycle bin, so the pipeline stays in use.
    expect((await admin.delete('/api/v1/pipelines/tmp')).status).toBe(409);
  });
});

describe('stage rules per pipeline', () => {
  it('gives each pipeline’s default probability on entering a stage, and keeps one set in the same change', async () => {
    const std = await rep.client.create('deals', { name: '标准商机', amount: { amount: 1000, currency: 'CNY' } });
    expect([std.pipeline, std.stage, std.probability]).toEqual(['standard', 'initial', 10]);
    const proj = await rep.client.create('deals', { name: '项目商机', pipeline: 'project' });
    // The field default 'initial' is not a project stage: a new deal starts in the pipeline's first stage.
    expect([proj.stage, proj.probability]).toEqual(['discovery', 20]);
    const moved = await rep.client.patch(`/api/v1/deals/${std.id}`, { stage: 'negotiation' });
    expect(moved.body.data.probability).toBe(75);
    const own = await rep.client.patch(`/api/v1/deals/${std.id}`, { stage: 'proposal', probability: 33 });
    expect(own.body.data.probability).toBe(33);
  });

  it('refuses a stage of another pipeline with a 4xx naming the stage field', async () => {
    const deal = await rep.client.create('deals', { name: '项目商机2', pipeline: 'project' });
    const res = await rep.client.patch(`/api/v1/deals/${deal.id}`, { stage: 'negotiation' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: 'stage', message: 'not in pipeline project' }]);
    expect((await rep.client.create('deals', { name: 'x', pipeline: 'project', stage: 'proposal' }).catch((e) => String(e)))).toContain('422');
    expect((await rep.client.post('/api/v1/deals', { name: 'x', pipeline: 'nope' })).status).toBe(400);
  });

  it('moving a deal to another pipeline puts it in that pipeline’s first stage when its stage is not there', async () => {
    const deal = await rep.client.create('deals', { name: '换流程', stage: 'qualified' });
    const res = await rep.client.patch(`/api/v1/deals/${deal.id}`, { pipeline: 'project' });
    expect(res.status, res.text).toBe(200);
    expect([res.body.data.stage, res.body.data.probability]).toEqual(['discovery', 20]);
  });

  it('needs the stage’s required fields before entering it, naming every empty one; nothing changes', async () => {
    const deal = await rep.client.create('deals', { name: '招标项目', pipeline: 'project' });
    const res = await rep.client.patch(`/api/v1/deals/${deal.id}`, { stage: 'bidding' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: Rec) => d.path)).toEqual(['amount', 'expected_close_date']);
    expect(res.body.error.message).toContain('招投标');
    expect((await rep.client.get(`/api/v1/deals/${deal.id}`)).body.data.stage).toBe('discovery');
    // Filled in the same change (the board's small form sends them with the stage), it passes.
    const ok = await rep.client.patch(`/api/v1/deals/${deal.id}`, { stage: 'bidding', amount: { amount: 5000, currency: 'CNY' }, expected_close_date: '2026-12-15' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.data.probability).toBe(60);
    // …and cannot be emptied while the deal sits in that stage.
    const cleared = await rep.client.patch(`/api/v1/deals/${deal.id}`, { expected_close_date: null });
    expect(cleared.status).toBe(422);
    expect(cleared.body.error.details[0].path).toBe('expected_close_date');
  });

  it('needs a lost reason to lose a deal; won/lost set the close time and probability in every pipeline', async () => {
    const deal = await rep.client.create('deals', { name: '会输的', pipeline: 'project' });
    const res = await rep.client.patch(`/api/v1/deals/${deal.id}`, { stage: 'lost' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: 'lost_reason', message: 'is required for stage lost' }]);
    const bad = await rep.client.patch(`/api/v1/deals/${deal.id}`, { stage: 'lost', lost_reason: 'weather' });
    expect(bad.status).toBe(400);
    const lost = await rep.client.patch(`/api/v1/deals/${deal.id}`, { stage: 'lost', lost_reason: 'competitor' });
    expect(lost.status, lost.text).toBe(200);
    expect([lost.body.data.probability, lost.body.data.lost_reason]).toEqual([0, 'competitor']);
    expect(lost.body.data.closed_at).toBeTruthy();
    const won = await rep.client.create('deals', { name: '会赢的', pipeline: 'project', stage: 'won', won_reason: 'product' });
    expect([won.probability, won.won_reason]).toEqual([100, 'product']);
    expect(won.closed_at).toBeTruthy();
    // A won deal without an expected close date closes today, so it counts in this month's forecast.
    expect(won.expected_close_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('sums count, total and weighted total per stage of one pipeline, within the user’s scope', async () => {
    const other = await t.createUser({ role: 'sales_rep' });
    await admin.request('PUT', '/api/v1/pipelines/summary_p', { ...projectPipeline, name: { zh: '汇总', en: 'Summary' }, stages: [stage('s1', '一', 20), stage('s2', '二', 50), stage('won', '赢', 100), stage('lost', '输', 0)] });
    const mk = (client: Client, amount: number, s: string, extra: Rec = {}) => client.create('deals', { name: `d${amount}`, pipeline: 'summary_p', stage: s, amount: { amount, currency: 'CNY' }, ...extra });
    await mk(rep.client, 1000, 's1');
    await mk(rep.client, 3000, 's1', { probability: 40 });
    await mk(rep.client, 2000, 's2');
    await mk(other.client, 99_999, 's2');
    const res = await rep.client.get('/api/v1/pipelines/summary_p/summary');
    expect(res.status).toBe(200);
    const byStage = Object.fromEntries(res.body.data.map((r: Rec) => [r.stage, r]));
    // s1: 1000×20% + 3000×40% = 1400; s2: 2000×50% = 1000 (the other rep's deal is out of scope).
    expect(byStage.s1).toEqual({ stage: 's1', count: 2, total: 4000, weighted: 1400 });
    expect(byStage.s2).toEqual({ stage: 's2', count: 1, total: 2000, weighted: 1000 });
    const all = await admin.get('/api/v1/pipelines/summary_p/summary?q=d99999');
    expect(all.body.data).toEqual([{ stage: 's2', count: 1, total: 99_999, weighted: 49_999.5 }]);
  });
});
