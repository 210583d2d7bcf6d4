import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type Client, type TestCrm } from './helpers/crm.js';

/**
 * Changes to install-wide settings (company currency and rates, company details, e-mail server)
 * appear in the audit log with who changed which value from what to what; a refused or empty save
 * writes no entry, and a password never shows.
 */
type Rec = Record<string, any>;
let t: TestCrm;
let admin: Client;

const settingsEntries = async (): Promise<Rec[]> => {
  const res = await admin.get('/api/v1/audit-log?action=settings&limit=200');
  expect(res.status, res.text).toBe(200);
  return res.body.data;
};
const latest = async () => (await settingsEntries())[0];

beforeAll(async () => {
  t = await startTestCrm();
  admin = t.admin.client;
});
afterAll(async () => {
  await t?.close();
});

describe('audit of settings changes', () => {
  it('records the company currency and each rate that changed, by whom', async () => {
    expect((await admin.request('PUT', '/api/v1/currency-settings', { currency: 'CNY', rates: [{ currency: 'USD', rate: 7.2 }] })).status).toBe(200);
    let entry = await latest();
    expect(entry).toMatchObject({ object: 'settings', action: 'settings', actorId: t.admin.id });
    expect(entry.changes).toEqual({ settings: { area: 'currency', changes: { 'rates.USD': { from: null, to: 7.2 } } } });

    const res = await admin.request('PUT', '/api/v1/currency-settings', { currency: 'USD', rates: [{ currency: 'CNY', rate: 0.14 }] });
    expect(res.status, res.text).toBe(200);
    entry = await latest();
    expect(entry.changes.settings.changes).toEqual({
      currency: { from: 'CNY', to: 'USD' },
      'rates.USD': { from: 7.2, to: null },
      'rates.CNY': { from: null, to: 0.14 },
    });
  });

  it('writes nothing for a refused save or one that changes nothing', async () => {
    const before = (await settingsEntries()).length;
    expect((await admin.request('PUT', '/api/v1/currency-settings', { currency: 'USD', rates: [{ currency: 'CNY', rate: -1 }] })).status).toBe(400);
    expect((await admin.request('PUT', '/api/v1/currency-settings', { currency: 'USD', rates: [{ currency: 'CNY', rate: 0.14 }] })).status).toBe(200);
    expect((await settingsEntries()).length).toBe(before);
    const rep = await t.createUser({ role: 'sales_rep' });
    expect((await rep.client.request('PUT', '/api/v1/company-settings', { name: '改不了' })).status).toBe(403);
    expect((await settingsEntries()).length).toBe(before);
  });

  it('records company details and the logo', async () => {
    expect((await admin.request('PUT', '/api/v1/company-settings', { name: '北京星河软件有限公司', address: '北京市海淀区', phone: '' })).status).toBe(200);
    expect((await latest()).changes.settings).toEqual({
      area: 'company',
      changes: { name: { from: '', to: '北京星河软件有限公司' }, address: { from: '', to: '北京市海淀区' } },
    });
    const { cookie } = (admin as unknown as { headers: Record<string, string> }).headers;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('image')]);
    const upload = await t.app.inject({ method: 'PUT', url: '/api/v1/company-settings/logo', payload: png, headers: { cookie, 'content-type': 'image/png' } });
    expect(upload.statusCode, upload.body).toBe(200);
    expect((await latest()).changes.settings.changes).toEqual({ logo: { from: null, to: 'uploaded' } });
    expect((await admin.request('PUT', '/api/v1/company-settings', { name: '北京星河软件有限公司', address: '北京市海淀区', logoUrl: null })).status).toBe(200);
    expect((await latest()).changes.settings.changes).toEqual({ logo: { from: 'uploaded', to: null } });
  });

  it('records the e-mail server, showing that the password changed but never the password', async () => {
    const smtp = { host: 'smtp.example.cn', port: 465, security: 'tls', username: 'crm', fromName: '客户关系管理', fromAddress: 'crm@example.cn', appUrl: null };
    expect((await admin.request('PUT', '/api/v1/email/settings', { ...smtp, password: 'first-secret' })).status).toBe(200);
    expect((await latest()).changes.settings.area).toBe('email');
    expect((await latest()).changes.settings.changes.password).toEqual({ from: null, to: '••••••' });
    expect((await admin.request('PUT', '/api/v1/email/settings', { ...smtp, port: 587, security: 'starttls', password: 'second-secret' })).status).toBe(200);
    expect((await latest()).changes.settings.changes).toEqual({
      port: { from: 465, to: 587 },
      security: { from: 'tls', to: 'starttls' },
      password: { from: '••••••', to: '••••••' },
    });
    expect(JSON.stringify(await settingsEntries())).not.toMatch(/first-secret|second-secret/);
  });

  it('records users, teams and roles by name, with who changed what', async () => {
    const roles = (await admin.get('/api/v1/roles')).body.data as Rec[];
    const repRole = roles.find((r) => r.key === 'sales_rep')!;
    const managerRole = roles.find((r) => r.key === 'sales_manager')!;

    const team = await admin.post('/api/v1/teams', { name: '华南销售部' });
    expect(team.status, team.text).toBe(201);
    let entry = await latest();
    expect(entry.recordId).toBe(team.body.data.id);
    expect(entry.changes.settings).toEqual({ area: 'teams', subject: '华南销售部', changes: { name: { from: null, to: '华南销售部' } } });

    const user = await admin.post('/api/v1/users', { email: 'zhou@audit.cn', name: '周敏', password: 'pass-word-1', roleId: repRole.id, teamId: team.body.data.id });
    expect(user.status, user.text).toBe(201);
    entry = await latest();
    expect(entry).toMatchObject({ recordId: user.body.data.id, actorId: t.admin.id });
    expect(entry.changes.settings.changes).toMatchObject({
      email: { from: null, to: 'zhou@audit.cn' },
      role: { from: null, to: { zh: repRole.name_zh, en: repRole.name_en } },
      team: { from: null, to: '华南销售部' },
      active: { from: null, to: true },
    });
    expect(JSON.stringify(entry)).not.toContain('pass-word-1');

    const promoted = await admin.patch(`/api/v1/users/${user.body.data.id}`, { roleId: managerRole.id, active: false, password: 'pass-word-2' });
    expect(promoted.status, promoted.text).toBe(200);
    expect((await latest()).changes.settings).toEqual({
      area: 'users',
      subject: '周敏',
      changes: {
        role: { from: { zh: repRole.name_zh, en: repRole.name_en }, to: { zh: managerRole.name_zh, en: managerRole.name_en } },
        active: { from: true, to: false },
        password: { from: '••••••', to: '••••••' },
      },
    });

    // A patch changes only what it names: the team and language stay (they used to reset to their defaults).
    expect(promoted.body.data).toMatchObject({ team_id: team.body.data.id, locale: 'zh-CN', active: false });
    expect((await admin.patch(`/api/v1/users/${user.body.data.id}`, { locale: 'en' })).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${user.body.data.id}`, { active: true })).body.data).toMatchObject({ team_id: team.body.data.id, locale: 'en' });

    expect((await admin.patch(`/api/v1/teams/${team.body.data.id}`, { leadUserId: user.body.data.id })).status).toBe(200);
    expect((await latest()).changes.settings.changes).toEqual({ lead: { from: null, to: '周敏' } });

    const role = await admin.post('/api/v1/roles', { key: 'audit_viewer', nameZh: '审计员', nameEn: 'Auditor', permissions: { admin: false, objects: {}, fields: {} } });
    expect(role.status, role.text).toBe(201);
    const changedRights = await admin.patch(`/api/v1/roles/${role.body.data.id}`, { nameZh: '内审员', permissions: { admin: false, objects: { customers: { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' } }, fields: {} } });
    expect(changedRights.status, changedRights.text).toBe(200);
    expect((await latest()).changes.settings).toEqual({
      area: 'roles',
      subject: '内审员',
      changes: { nameZh: { from: '审计员', to: '内审员' }, permissions: { from: null, to: 'changed' } },
    });
    expect((await admin.delete(`/api/v1/roles/${role.body.data.id}`)).status).toBe(204);
    expect((await latest()).changes.settings.changes).toMatchObject({ key: { from: 'audit_viewer', to: null }, nameZh: { from: '内审员', to: null } });

    // A refused change writes nothing: the team still has a member.
    const before = (await settingsEntries()).length;
    expect((await admin.delete(`/api/v1/teams/${team.body.data.id}`)).status).toBe(409);
    expect((await settingsEntries()).length).toBe(before);
  });
});
