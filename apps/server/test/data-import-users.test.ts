import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { importFixture, rejectsOf, runImport, uploadImport } from './helpers/imports.js';
import { startSmtpServer, waitFor } from './helpers/local-servers.js';

// The SMTP receiver is on loopback, which outbound connections refuse unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

/** object=users: a staff list imported in one go; each new user sets their own password from an invitation. */
describe('users import', { timeout: 240_000 }, () => {
  let t: TestCrm;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const db = () => t.crm.handle.db;
  beforeAll(async () => {
    [t, smtp] = await Promise.all([startTestCrm({ jobs: true }), startSmtpServer()]);
    const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: 'CRM', fromAddress: 'noreply@crm.test', appUrl: 'https://crm.example.com' });
    if (saved.status !== 200) throw new Error(saved.text);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  const mailTo = (address: string) => waitFor(() => smtp.received.find((m) => m.envelope.to.includes(address)));
  const tokenIn = (text: string) => /https:\/\/crm\.example\.com\/reset-password\?token=([\w-]+)/.exec(text)?.[1];

  it('creates users with team (created if missing), role by zh/en name and manager; each gets an invitation and no password', async () => {
    const admin = t.admin.client;
    const up = await uploadImport(t.app, admin, 'users', importFixture('users.csv'), 'staff.csv');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.data.mapping).toEqual({ name: 0, email: 1, team: 2, role: 3, manager: 4, locale: 5 });
    const done = await runImport(admin, t.app, 'users', importFixture('users.csv'), 'staff.csv');
    expect(done).toMatchObject({ created: 3, skipped: 1, rejected: 3 });
    expect(await rejectsOf(admin, done.id)).toEqual([
      [5, '角色：没有名为“超级用户”的角色'],
      [6, '上级：没有邮箱为“nobody@crm.test”的用户，文件中也没有'],
      [8, '邮箱：与第 3 行重复'],
    ]);

    const users = await db().selectFrom('users as u').innerJoin('roles as r', 'r.id', 'u.role_id').leftJoin('teams as t', 't.id', 'u.team_id').select(['u.email', 'u.name', 'u.locale', 'u.password_hash', 'r.key as role', 't.name as team']).where('u.email', 'like', '%@crm.test').orderBy('u.email').execute();
    expect(users.map(({ password_hash: _, ...u }) => u)).toEqual([
      { email: 'emily.chen@crm.test', name: 'Emily Chen', locale: 'en', role: 'sales_rep', team: 'North America' },
      { email: 'li.na@crm.test', name: '李娜', locale: 'zh-CN', role: 'sales_manager', team: '华东销售部' },
      { email: 'zhang.wei@crm.test', name: '张伟', locale: 'zh-CN', role: 'sales_rep', team: '华东销售部' },
    ]);
    expect(users.every((u) => u.password_hash === '')).toBe(true);
    const teams = await db().selectFrom('teams as t').leftJoin('users as u', 'u.id', 't.lead_user_id').select(['t.name', 'u.email as lead']).orderBy('t.name').execute();
    expect(teams).toEqual(expect.arrayContaining([{ name: '华东销售部', lead: 'li.na@crm.test' }, { name: 'North America', lead: 'li.na@crm.test' }]));
    const audit = await db().selectFrom('audit_log').select('changes').where('object', '=', 'settings').execute();
    const areas = audit.map((a) => (a.changes as any).settings).filter((s) => s.area === 'users' || s.area === 'teams');
    expect(areas.filter((s) => s.area === 'users').map((s) => s.subject).sort()).toEqual(['Emily Chen', '张伟', '李娜']);
    expect(areas.filter((s) => s.area === 'teams').map((s) => s.subject)).toContain('North America');

    // No password: nothing logs in until the invitation's link is used.
    expect((await t.anon.post('/api/auth/login', { email: 'zhang.wei@crm.test', password: '' })).status).toBe(400);
    expect((await t.anon.post('/api/auth/login', { email: 'zhang.wei@crm.test', password: 'anything-at-all-1' })).status).toBe(401);
    const zh = await mailTo('zhang.wei@crm.test');
    expect(zh.mail.subject).toMatch(/ 邀请您使用 CRM$/);
    expect(zh.mail.text).toContain('张伟，您好');
    expect(zh.mail.text).toContain('7 天内');
    const en = await mailTo('emily.chen@crm.test');
    expect(en.mail.text).toContain('Hello Emily Chen');
    const token = tokenIn(zh.mail.text ?? '')!;
    expect((await t.anon.post('/api/auth/password-reset/confirm', { token, password: 'Zhang-wei-own-pass-7' })).status).toBe(200);
    expect((await t.anon.post('/api/auth/login', { email: 'zhang.wei@crm.test', password: 'Zhang-wei-own-pass-7' })).status).toBe(200);
    // The link lasts days, not the reset link's 30 minutes.
    const link = await db().selectFrom('password_resets as p').innerJoin('users as u', 'u.id', 'p.user_id').select('p.expires_at').where('u.email', '=', 'emily.chen@crm.test').executeTakeFirstOrThrow();
    expect(new Date(link.expires_at as unknown as string).getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
    expect((await admin.post(`/api/v1/imports/${done.id}/undo`)).status).toBe(409);
  });

  it('only administrators import users', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    const res = await uploadImport(t.app, rep.client, 'users', importFixture('users.csv'), 'staff.csv');
    expect(res.status).toBe(403);
    expect(res.body.error.details[0].path).toBe('object');
  });
});
