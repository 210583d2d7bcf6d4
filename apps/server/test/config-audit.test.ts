import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/**
 * What admins configure (custom fields, pipelines, targets, automation rules, territories, web
 * forms, duplicate rules, pool caps, backups) and API keys appear in the audit log: who changed
 * which setting of which one, from what to what. A refused change writes nothing.
 */
type Rec = Record<string, any>;
let t: TestCrm;
let admin: Client;

const entriesOf = async (area: string): Promise<Rec[]> => {
  const res = await admin.get('/api/v1/audit-log?action=settings&limit=200');
  expect(res.status, res.text).toBe(200);
  return res.body.data.filter((e: Rec) => e.changes.settings.area === area);
};
const latestOf = async (area: string) => (await entriesOf(area))[0]?.changes.settings;
const ok = async (res: Promise<{ status: number; text: string; body: any }>, status = 200) => {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
};

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
});
afterAll(async () => {
  await t?.close();
});

describe('audit of what admins configure', () => {
  it('custom fields: added, edited, archived and purged with its data, named by object and label', async () => {
    await ok(admin.post('/api/v1/meta/objects/customers/fields', { name: 'tier', label: { zh: '客户分层', en: 'Tier' }, type: 'select', options: [{ value: 'a', label: { zh: 'A级', en: 'A' } }] }), 201);
    expect(await latestOf('fields')).toMatchObject({
      subject: { zh: '客户 · 客户分层', en: 'Customer · Tier' },
      changes: { label: { from: null, to: { zh: '客户分层', en: 'Tier' } }, type: { from: null, to: 'select' }, options: { from: null, to: { zh: 'A级', en: 'A' } } },
    });
    // A new field's switches that are off (unique, searchable, archived ...) are no news.
    expect(Object.keys((await latestOf('fields')).changes).sort()).toEqual(['label', 'name', 'options', 'type']);
    await ok(admin.patch('/api/v1/meta/objects/customers/fields/cf_tier', { required: true, options: [{ value: 'a', label: { zh: 'A级', en: 'A' } }, { value: 'b', label: { zh: 'B级', en: 'B' } }] }));
    expect((await latestOf('fields')).changes).toEqual({ required: { from: false, to: true }, options: { from: { zh: 'A级', en: 'A' }, to: { zh: 'A级、B级', en: 'A, B' } } });
    // Reordering is layout: no entry.
    const count = (await entriesOf('fields')).length;
    await ok(admin.post('/api/v1/meta/objects/customers/field-order', { names: ['cf_tier', 'name'] }));
    expect((await entriesOf('fields')).length).toBe(count);
    await ok(admin.delete('/api/v1/meta/objects/customers/fields/cf_tier'));
    expect((await latestOf('fields')).changes).toEqual({ archived: { from: false, to: true } });
    await ok(admin.delete('/api/v1/meta/objects/customers/fields/cf_tier?purge=true&confirm=cf_tier'));
    expect((await latestOf('fields')).changes).toMatchObject({ data: { from: null, to: 'purged' }, label: { from: { zh: '客户分层', en: 'Tier' }, to: null } });
    // A refused field (select without options) writes nothing.
    expect((await admin.post('/api/v1/meta/objects/customers/fields', { label: { zh: '空', en: 'Empty' }, type: 'select' })).status).toBe(400);
    expect((await entriesOf('fields')).length).toBe(count + 2);
  });

  it('pipelines and sales targets: the stages on one line, a target by whose and which month', async () => {
    const stage = (key: string, zh: string, probability: number) => ({ key, name: { zh, en: key }, probability });
    const pipeline = { name: { zh: '项目型销售', en: 'Projects' }, stages: [stage('discovery', '需求调研', 20), stage('won', '赢单', 100), stage('lost', '输单', 0)] };
    await ok(admin.request('PUT', '/api/v1/pipelines/projects', pipeline));
    expect((await latestOf('pipelines')).changes.stages).toEqual({ from: null, to: { zh: '需求调研 20%、赢单 100%、输单 0%', en: 'discovery 20%, won 100%, lost 0%' } });
    await ok(admin.request('PUT', '/api/v1/pipelines/projects', { ...pipeline, stages: [stage('discovery', '需求调研', 30), ...pipeline.stages.slice(1)] }));
    expect(await latestOf('pipelines')).toEqual({
      area: 'pipelines',
      subject: { zh: '项目型销售', en: 'Projects' },
      changes: { stages: { from: { zh: '需求调研 20%、赢单 100%、输单 0%', en: 'discovery 20%, won 100%, lost 0%' }, to: { zh: '需求调研 30%、赢单 100%、输单 0%', en: 'discovery 30%, won 100%, lost 0%' } } },
    });
    await ok(admin.delete('/api/v1/pipelines/projects'), 204);
    expect((await latestOf('pipelines')).changes.name).toEqual({ from: { zh: '项目型销售', en: 'Projects' }, to: null });

    const rep = await t.createUser({ role: 'sales_rep', name: '王销售' });
    const target = (await ok(admin.request('PUT', '/api/v1/sales-targets', { month: '2027-03', userId: rep.id, amount: 50000 }))).data;
    await ok(admin.request('PUT', '/api/v1/sales-targets', { month: '2027-03', userId: rep.id, amount: 80000 }));
    expect(await latestOf('targets')).toEqual({ area: 'targets', subject: '王销售 · 2027-03', changes: { amount: { from: '50000 CNY', to: '80000 CNY' } } });
    await ok(admin.delete(`/api/v1/sales-targets/${target.id}`), 204);
    expect((await latestOf('targets')).changes.amount).toEqual({ from: '80000 CNY', to: null });
  });

  it('automation rules, under the rule id: created, switched off, edited and deleted', async () => {
    const body = { name: '新客户提醒', object: 'customers', trigger: { kind: 'record_created' }, actions: [{ type: 'notify', recipients: 'owner', title: '新客户' }] };
    const rule = (await ok(admin.post('/api/v1/automation/rules', { ...body, enabled: true }), 201)).data;
    const created = (await entriesOf('automation'))[0];
    expect(created.recordId).toBe(rule.id);
    expect(created.changes.settings.changes).toEqual({ name: { from: null, to: '新客户提醒' }, object: { from: null, to: 'customers' }, trigger: { from: null, to: 'record_created' }, actions: { from: null, to: 'notify' }, enabled: { from: null, to: true } });
    await ok(admin.patch(`/api/v1/automation/rules/${rule.id}`, { enabled: false }));
    expect((await latestOf('automation')).changes).toEqual({ enabled: { from: true, to: false } });
    await ok(admin.request('PUT', `/api/v1/automation/rules/${rule.id}`, { ...body, actions: [{ type: 'notify', recipients: 'owner', title: '有新客户了' }] }));
    expect((await latestOf('automation')).changes).toEqual({ actionSettings: { from: null, to: 'changed' } });
    await ok(admin.delete(`/api/v1/automation/rules/${rule.id}`), 204);
    expect((await latestOf('automation')).changes.name).toEqual({ from: '新客户提醒', to: null });
    expect((await admin.delete(`/api/v1/automation/rules/${rule.id}`)).status).toBe(404);
  });

  it('territories and web forms', async () => {
    const north = await t.createTeam('华北团队');
    const south = await t.createTeam('华南团队');
    const territory = (await ok(admin.post('/api/v1/automation/territories', { field: 'region', value: '天津市', teamId: north }), 201)).data;
    await ok(admin.request('PUT', `/api/v1/automation/territories/${territory.id}`, { field: 'region', value: '天津市', teamId: south }));
    expect(await latestOf('territories')).toEqual({ area: 'territories', subject: '天津市', changes: { team: { from: '华北团队', to: '华南团队' } } });

    const form = (await ok(admin.post('/api/v1/web-forms', { name: '官网咨询', fields: [{ field: 'name', required: true }, { field: 'mobile' }] }), 201)).data;
    await ok(admin.request('PUT', `/api/v1/web-forms/${form.id}`, { name: '官网咨询', fields: [{ field: 'name', required: true }, { field: 'mobile', required: true }], active: false }));
    expect(await latestOf('webForms')).toEqual({
      area: 'webForms',
      subject: '官网咨询',
      changes: { fields: { from: { zh: '姓名*、手机', en: 'Name*, Mobile' }, to: { zh: '姓名*、手机*', en: 'Name*, Mobile*' } }, active: { from: true, to: false } },
    });
    // The form's token (its public address) is no setting and never in the log.
    expect(JSON.stringify(await entriesOf('webForms'))).not.toContain(form.token);
  });

  it('duplicate rules, pool caps and backup settings', async () => {
    await ok(admin.request('PUT', '/api/v1/duplicate-rules/customers/phone', { enabled: false, fuzzy: false, threshold: 0.6 }));
    expect(await latestOf('duplicateRules')).toMatchObject({ subject: { zh: expect.stringMatching(/^客户 · /), en: expect.stringMatching(/^Customer · /) }, changes: { enabled: { from: true, to: false } } });

    const role = (await admin.get('/api/v1/roles')).body.data.find((r: Rec) => r.key === 'sales_rep');
    await ok(admin.request('PUT', '/api/v1/pool-caps', { caps: [{ roleId: role.id, object: 'customers', maxOwned: 50 }] }));
    await ok(admin.request('PUT', '/api/v1/pool-caps', { caps: [{ roleId: role.id, object: 'customers', maxOwned: null }] }));
    const caps = await entriesOf('poolCaps');
    expect(caps[0].recordId).toBe(role.id);
    expect(caps.map((e) => e.changes.settings.changes)).toEqual([{ customers: { from: 50, to: null } }, { customers: { from: null, to: 50 } }]);

    await ok(admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: false, cron: '30 2 * * *', folder: null, keep: 3 }));
    expect((await latestOf('backups')).changes).toEqual({ cron: { from: '0 3 * * *', to: '30 2 * * *' }, keep: { from: 7, to: 3 } });
    const before = (await entriesOf('backups')).length;
    expect((await admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: true, cron: 'every day', folder: null, keep: 3 })).status).toBe(400);
    expect((await entriesOf('backups')).length).toBe(before);
  });

  it('API keys: created and revoked by their owner, never with the secret', async () => {
    const rep = await t.createUser({ role: 'sales_rep', name: '李集成' });
    const key = (await ok(rep.client.post('/api/auth/api-keys', { name: 'ERP 同步' }), 201)).data;
    await ok(rep.client.delete(`/api/auth/api-keys/${key.id}`), 204);
    const [revoked, created] = await entriesOf('apiKeys');
    expect(created).toMatchObject({ recordId: key.id, actorId: rep.id, changes: { settings: { subject: 'ERP 同步', changes: { name: { from: null, to: 'ERP 同步' }, prefix: { from: null, to: key.prefix }, owner: { from: null, to: '李集成' } } } } });
    expect(revoked.changes.settings.changes).toEqual({ revoked: { from: false, to: true } });
    expect(JSON.stringify([revoked, created])).not.toContain(key.key);
  });
});
