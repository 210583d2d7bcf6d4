import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, Client, PASSWORD, startTestCrm, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
beforeAll(async () => {
  t = await startTestCrm();
});
afterAll(async () => {
  await t?.close();
});

/** Logs in over HTTP and returns a client carrying the session cookie the server set. */
async function login(email: string, password: string) {
  const res = await t.anon.post('/api/auth/login', { email, password });
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0];
  return { res, client: new Client(t.app, { cookie }) };
}

describe('health and sessions', () => {
  it('reports health without logging in', async () => {
    const res = await t.anon.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses the API to anonymous callers', async () => {
    const res = await t.anon.get('/api/v1/customers');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('logs in, shows who I am, logs out', async () => {
    const { res, client } = await login(ADMIN_EMAIL.toUpperCase(), PASSWORD);
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/crm_session=.+HttpOnly/i);
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(ADMIN_EMAIL);
    expect(me.body.user.role.key).toBe('admin');
    expect(me.body.permissions.admin).toBe(true);

    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('answers a wrong password with 401 and no cookie', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    const res = await t.anon.post('/api/auth/login', { email: user.email, password: 'not-the-password' });
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    const unknown = await t.anon.post('/api/auth/login', { email: 'nobody@test.local', password: 'whatever1' });
    expect(unknown.status).toBe(401);
  });

  it('makes an address wait after 5 failed logins for an account, even for the right password', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    for (let i = 0; i < 5; i++) {
      expect((await t.anon.post('/api/auth/login', { email: user.email, password: `wrong-${i}-xx` })).status).toBe(401);
    }
    const locked = await t.anon.post('/api/auth/login', { email: user.email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    // Other accounts are not affected.
    const other = await t.createUser({ role: 'sales_rep' });
    expect((await login(other.email, PASSWORD)).res.status).toBe(200);
  });

  it('rejects a malformed login body with 400', async () => {
    expect((await t.anon.post('/api/auth/login', { email: '' })).status).toBe(400);
    expect((await t.anon.request('POST', '/api/auth/login', '{"email":')).status).toBe(400);
  });

  it('changing the password ends every other session but keeps this one', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    const a = await login(user.email, PASSWORD);
    const b = await login(user.email, PASSWORD);
    const wrong = await a.client.post('/api/auth/change-password', { currentPassword: 'nope-nope', newPassword: 'another-pass-2' });
    expect(wrong.status).toBe(400);
    const res = await a.client.post('/api/auth/change-password', { currentPassword: PASSWORD, newPassword: 'another-pass-2' });
    expect(res.status).toBe(200);
    const fresh = new Client(t.app, { cookie: String(res.headers['set-cookie']).split(';')[0] });
    expect((await fresh.get('/api/auth/me')).status).toBe(200);
    expect((await b.client.get('/api/auth/me')).status).toBe(401);
    expect((await login(user.email, PASSWORD)).res.status).toBe(401);
    expect((await login(user.email, 'another-pass-2')).res.status).toBe(200);
  });

  it('rejects an expired session', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    const { client } = await login(user.email, PASSWORD);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    await t.crm.handle.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('keeps an active user logged in: renewing a session renews its cookie too', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    const { client } = await login(user.email, PASSWORD);
    const fresh = await client.get('/api/auth/me');
    expect(fresh.headers['set-cookie']).toBeUndefined();
    const soon = new Date(Date.now() + 24 * 3600 * 1000);
    await t.crm.handle.db.updateTable('sessions').set({ expires_at: soon }).where('user_id', '=', user.id).execute();
    const renewed = await client.get('/api/auth/me');
    expect(renewed.status).toBe(200);
    expect(String(renewed.headers['set-cookie'])).toMatch(/crm_session=.+Max-Age=604800/i);
    const sessions = await t.crm.handle.db.selectFrom('sessions').select('expires_at').where('user_id', '=', user.id).execute();
    expect(Math.max(...sessions.map((s) => new Date(s.expires_at).getTime()))).toBeGreaterThan(soon.getTime());
  });

  it('ends the sessions of a deactivated user', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    expect((await user.client.get('/api/auth/me')).status).toBe(200);
    expect((await t.admin.client.patch(`/api/v1/users/${user.id}`, { active: false })).status).toBe(200);
    expect((await user.client.get('/api/auth/me')).status).toBe(401);
  });
});

describe('API keys', () => {
  it('authenticates with a Bearer key and stops after revocation', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    const created = await user.client.post('/api/auth/api-keys', { name: 'integration' });
    expect(created.status).toBe(201);
    const key = created.body.data.key as string;
    const bearer = new Client(t.app, { authorization: `Bearer ${key}` });
    const me = await bearer.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.id);
    expect((await bearer.create('customers', { name: '钥匙客户' })).owner_id).toBe(user.id);

    const listed = await user.client.get('/api/auth/api-keys');
    expect(listed.body.data.map((k: { id: string }) => k.id)).toContain(created.body.data.id);
    expect(JSON.stringify(listed.body)).not.toContain(key);

    expect((await user.client.delete(`/api/auth/api-keys/${created.body.data.id}`)).status).toBe(204);
    const revoked = await bearer.get('/api/v1/customers');
    expect(revoked.status).toBe(401);
    expect((await new Client(t.app, { authorization: 'Bearer crm_made-up' }).get('/api/auth/me')).status).toBe(401);
  });

  it("limits a key to its user's permissions", async () => {
    const owner = await t.createUser({ role: 'sales_rep' });
    const other = await t.createUser({ role: 'sales_rep' });
    const mine = await owner.client.create('customers', { name: '我的客户' });
    const theirs = await other.client.create('customers', { name: '别人的客户' });
    const key = await t.apiKeyClient(owner.id);
    const list = await key.list('customers');
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([mine.id]);
    expect((await key.get(`/api/v1/customers/${theirs.id}`)).status).toBe(404);
    expect((await key.get('/api/v1/users')).status).toBe(200);
    expect((await key.post('/api/v1/users', { email: 'x@test.local', name: 'x', password: 'password-1', roleId: owner.id })).status).toBe(403);
    expect((await key.post('/api/v1/meta/objects/customers/fields', { label: { zh: '字段', en: 'Field' }, type: 'text' })).status).toBe(403);
  });
});

describe('users, teams and roles (administration)', () => {
  const admin = () => t.admin.client;
  const roleIdOf = async (key: string) => ((await admin().get('/api/v1/roles')).body.data as { id: string; key: string }[]).find((r) => r.key === key)!.id;

  it('creates a user who can then log in, and refuses duplicates', async () => {
    const body = { email: ' New.Rep@Test.Local ', name: '新代表', password: 'rep-password-1', roleId: await roleIdOf('sales_rep') };
    const created = await admin().post('/api/v1/users', body);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ email: 'new.rep@test.local', active: true });
    expect(created.body.data).not.toHaveProperty('password_hash');
    expect((await login('new.rep@test.local', 'rep-password-1')).res.status).toBe(200);
    const dup = await admin().post('/api/v1/users', body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('email');
    const short = await admin().post('/api/v1/users', { ...body, email: 'other@test.local', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].path).toBe('password');
  });

  it('keeps team trees acyclic and teams with members in place', async () => {
    const parent = (await admin().post('/api/v1/teams', { name: '总部' })).body.data;
    const child = (await admin().post('/api/v1/teams', { name: '分部', parentId: parent.id })).body.data;
    const cycle = await admin().patch(`/api/v1/teams/${parent.id}`, { parentId: child.id });
    expect(cycle.status).toBe(400);
    expect((await admin().patch(`/api/v1/teams/${parent.id}`, { parentId: parent.id })).status).toBe(400);
    await t.createUser({ role: 'sales_rep', teamId: child.id });
    expect((await admin().delete(`/api/v1/teams/${child.id}`)).status).toBe(409);
    expect((await admin().delete(`/api/v1/teams/${parent.id}`)).status).toBe(204);
  });

  it('protects built-in roles and roles in use', async () => {
    expect((await admin().delete(`/api/v1/roles/${await roleIdOf('read_only')}`)).status).toBe(400);
    const adminRole = await roleIdOf('admin');
    expect((await admin().patch(`/api/v1/roles/${adminRole}`, { permissions: { admin: false, objects: {} } })).status).toBe(400);
    const custom = await t.createRole('temp_role', { objects: { '*': { read: 'all' } } });
    await t.createUser({ role: custom });
    expect((await admin().delete(`/api/v1/roles/${custom}`)).status).toBe(409);
    expect((await admin().patch(`/api/v1/users/${t.admin.id}`, { active: false })).status).toBe(400);
  });

  it('applies a role change to its users at once', async () => {
    const role = await t.createRole('switchable', { objects: { '*': { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } } });
    const user = await t.createUser({ role });
    expect((await user.client.list('customers')).status).toBe(200);
    const patched = await admin().patch(`/api/v1/roles/${role}`, { permissions: { objects: { '*': { read: 'none' } } } });
    expect(patched.status).toBe(200);
    expect((await user.client.list('customers')).status).toBe(403);
    expect((await admin().patch(`/api/v1/users/${user.id}`, { roleId: await roleIdOf('read_only') })).status).toBe(200);
    expect((await user.client.list('customers')).status).toBe(200);
    expect((await user.client.post('/api/v1/customers', { name: 'x' })).status).toBe(403);
  });

  it('lets any user read the directory but only admins change it', async () => {
    const rep = await t.createUser({ role: 'sales_rep' });
    const users = await rep.client.get('/api/v1/users');
    expect(users.status).toBe(200);
    expect(users.body.data[0]).not.toHaveProperty('role_id');
    expect((await rep.client.get('/api/v1/teams')).status).toBe(200);
    expect((await rep.client.post('/api/v1/teams', { name: 'x' })).status).toBe(403);
    expect((await rep.client.patch(`/api/v1/users/${rep.id}`, { roleId: await roleIdOf('admin') })).status).toBe(403);
    expect((await rep.client.post('/api/v1/roles', { key: 'mine', nameZh: 'x', nameEn: 'x', permissions: { admin: true } })).status).toBe(403);
  });
});
