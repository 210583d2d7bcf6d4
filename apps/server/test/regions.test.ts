import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseRegionValue, regionWithin } from '../src/engine/regions/divisions.js';
import { disableShippedRules, waitFor } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/** Regions read as China's administrative divisions: normalised on write, matched by containment in territories. */
process.env.AUTOMATION_SCAN_MS = '3600000';
process.env.CRM_WEB_FORM_RATE_LIMIT = '1000';

let t: TestCrm;
let admin: Client;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
  await disableShippedRules(t.crm.handle.db);
});
afterAll(() => t?.close());

const NINGBO = { province: '浙江省', city: '宁波市', code: '3302' };

describe('normalising typed regions', () => {
  it.each([
    ['北京', { province: '北京市', city: '北京市', code: '1101' }],
    ['北京市', { province: '北京市', city: '北京市', code: '1101' }],
    ['浙江', { province: '浙江省', code: '33' }],
    ['浙江省', { province: '浙江省', code: '33' }],
    ['浙江省宁波市', NINGBO],
    ['浙江 宁波', NINGBO],
    ['浙江宁波', NINGBO],
    ['宁波市', NINGBO],
    ['宁波鄞州', { province: '浙江省', city: '宁波市', district: '鄞州区', code: '330212' }],
    ['吉林市', { province: '吉林省', city: '吉林市', code: '2202' }],
    ['广西南宁', { province: '广西壮族自治区', city: '南宁市', code: '4501' }],
    ['大理', { province: '云南省', city: '大理白族自治州', code: '5329' }],
    ['济源', { province: '河南省', city: '济源市', code: '419001' }],
    ['重庆市万州区', { province: '重庆市', city: '重庆市', district: '万州区', code: '500101' }],
  ])('%s → the division it names', (typed, expected) => {
    expect(normaliseRegionValue(typed)).toEqual({ value: expected, resolved: true });
  });

  it('keeps text that names no known place (or is ambiguous) as typed, without a code', () => {
    expect(normaliseRegionValue('火星')).toEqual({ value: { province: '火星' }, resolved: false });
    // 朝阳区 is in 北京 and in 长春.
    expect(normaliseRegionValue({ province: '朝阳区' })).toEqual({ value: { province: '朝阳区' }, resolved: false });
    // What is recognised is; the rest stays in the next level.
    expect(normaliseRegionValue({ province: '浙江', city: '某某新区' })).toEqual({ value: { province: '浙江省', city: '某某新区', code: '33' }, resolved: true });
  });

  it('matches by containment: a province holds its cities and districts, not its neighbours', () => {
    for (const lead of ['宁波市', '浙江省宁波市', '浙江 宁波', { province: '浙江', city: '宁波', district: '鄞州区' }]) expect(regionWithin(lead, '浙江省'), String(lead)).toBe(true);
    expect(regionWithin('北京市海淀区', '北京')).toBe(true);
    expect(regionWithin('苏州', '浙江省')).toBe(false);
    expect(regionWithin('浙江', '宁波市')).toBe(false);
    expect(regionWithin('火星', '浙江')).toBe(false);
  });

  it('stores canonical names and codes on every write, and unknown text as typed', async () => {
    const customer = await admin.create('customers', { name: '宁波客户', region: { province: '浙江', city: '宁波' } });
    expect(customer.region).toEqual(NINGBO);
    const updated = await admin.patch(`/api/v1/customers/${customer.id}`, { region: { province: '北京', district: '海淀区' } });
    expect(updated.body.data.region).toEqual({ province: '北京市', city: '北京市', district: '海淀区', code: '110108' });
    const bulk = await admin.post('/api/v1/leads/bulk', { action: 'create', rows: [{ name: '火星线索', region: { province: '火星' } }] });
    expect(bulk.status, bulk.text).toBeLessThan(300);
    const mars = (await admin.list('leads', { filter: { field: 'name', op: 'eq', value: '火星线索' } })).body.data[0];
    expect(mars.region).toEqual({ province: '火星' });
    // A code sent by a client that does not match the names is not trusted.
    const forged = await admin.create('leads', { name: '伪造编码', region: { province: '浙江省', code: '11' } });
    expect(forged.region).toEqual({ province: '浙江省', code: '33' });
  });
});

describe('territory routing', () => {
  let team: string;
  let rep: string;

  it('stores a region territory by its canonical name', async () => {
    team = await t.createTeam('浙江团队');
    rep = (await t.createUser({ role: 'sales_rep', teamId: team, name: '浙江代表' })).id;
    const res = await admin.post('/api/v1/automation/territories', { field: 'region', value: '浙江', teamId: team });
    expect(res.status).toBe(201);
    expect(res.body.data.value).toBe('浙江省');
    const free = await admin.post('/api/v1/automation/territories', { field: 'region', value: '华东大区', teamId: team });
    expect(free.body.data.value).toBe('华东大区');
  });

  it('assigns leads in a city of the territory province, however the region was typed', async () => {
    const rule = await admin.post('/api/v1/automation/rules', { enabled: true, name: '按区域', object: 'leads', trigger: { kind: 'record_created' }, actions: [{ type: 'assign_owner', mode: 'territory' }] });
    expect(rule.status).toBe(201);
    const leads: Record<string, any>[] = [];
    for (const region of [{ province: '宁波市' }, { province: '浙江省宁波市' }, { province: '浙江 宁波' }, { province: '江苏', city: '苏州' }]) {
      leads.push(await admin.create('leads', { name: `线索 ${region.province}`, region }));
    }
    await waitFor(async () => {
      const runs = (await admin.get(`/api/v1/automation/runs?ruleId=${rule.body.data.id}`)).body.data as { record_id: string; status: string }[];
      return leads.every((l) => runs.some((r) => r.record_id === l.id && r.status !== 'pending'));
    }, 90_000, 'territory runs');
    const owners = await Promise.all(leads.map(async (l) => (await admin.get(`/api/v1/leads/${l.id}`)).body.data.owner_id));
    expect(owners).toEqual([rep, rep, rep, t.admin.id]);
    expect((await admin.patch(`/api/v1/automation/rules/${rule.body.data.id}`, { enabled: false })).status).toBe(200);
  }, 120_000);

  it('routes a web-form lead typed 浙江宁波 to the 浙江 territory', async () => {
    const rule = (await admin.get('/api/v1/automation/rules')).body.data.find((r: { builtinKey: string }) => r.builtinKey === 'lead_territory_assignment');
    expect((await admin.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: true })).status).toBe(200);
    const form = (await admin.post('/api/v1/web-forms', { name: '区域表单', fields: [{ field: 'name', required: true }, { field: 'mobile' }, { field: 'region' }] })).body.data;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/forms/${form.token}/submissions`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name: '宁波访客', mobile: '13900139000', region: '浙江宁波' }).toString(),
      remoteAddress: '203.0.113.9',
    });
    // A form-encoded post is a browser's: it gets the thank-you page.
    expect(res.statusCode, res.body).toBe(200);
    const runs = await waitFor(async () => {
      const list = (await admin.get(`/api/v1/automation/runs?ruleId=${rule.id}`)).body.data as { status: string }[];
      return list.length && list.every((r) => r.status !== 'pending') ? list : null;
    }, 90_000, 'web-form lead assignment run');
    const lead = (await admin.list('leads', { filter: { field: 'name', op: 'eq', value: '宁波访客' } })).body.data[0];
    expect(lead.owner_id, JSON.stringify({ lead, runs })).toBe(rep);
    expect(lead.region).toEqual(NINGBO);
    expect(lead.assignment_reason).toContain('浙江省 → 浙江团队');
  }, 120_000);
});
