import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSameOriginRequest } from '../src/http/same-origin.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

/** CSRF (Origin / Sec-Fetch-Site), security headers, the user directory, empty team/role patches. */
let t: TestCrm;
let rep: TestUser;
const FOREIGN = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
// app.inject's default Host; a browser on the app sends its own origin.
const OWN = { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' };

beforeAll(async () => {
  t = await startTestCrm();
  rep = await t.createUser({ role: 'sales_rep', name: '销售小王' });
});
afterAll(async () => {
  await t?.close();
});

describe('cross-site request forgery', () => {
  it('refuses cookie-authenticated writes from a foreign origin, text/plain included, and writes nothing', async () => {
    const vcard = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:跨站联系人\r\nEND:VCARD\r\n';
    const attempts = [
      () => rep.client.request('POST', '/api/v1/contacts/vcard', vcard, { 'content-type': 'text/plain', ...FOREIGN }),
      () => rep.client.request('POST', '/api/v1/notifications/read-all', '{}', { 'content-type': 'text/plain', ...FOREIGN }),
      () => t.admin.client.request('POST', '/api/v1/admin/backups', '{}', { 'content-type': 'text/plain', ...FOREIGN }),
      () => t.admin.client.request('POST', '/api/v1/imports?object=contacts&fileName=x.csv', 'name\n跨站\n', { 'content-type': 'text/plain', ...FOREIGN }),
      () => rep.client.post('/api/v1/customers', { name: '跨站客户' }, { origin: 'https://evil.example' }),
      () => rep.client.delete(`/api/auth/api-keys/00000000-0000-4000-8000-000000000000`, { origin: 'http://localhost.evil.example' }),
      () => rep.client.patch('/api/auth/me', { name: '被改名' }, { 'sec-fetch-site': 'same-site', origin: 'https://other.localhost' }),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.status).toBe(403);
      expect(res.body.error.details[0].path).toBe('origin');
    }
    const contacts = await rep.client.list('contacts', { q: '跨站联系人' });
    expect(contacts.body.data).toEqual([]);
    expect((await rep.client.list('customers', { q: '跨站客户' })).body.data).toEqual([]);
    expect((await rep.client.get('/api/auth/me')).body.user.name).not.toBe('被改名');
    expect((await t.admin.client.get('/api/v1/admin/backups')).body.data ?? []).toHaveLength(0);
  });

  it('accepts the same writes from the app itself, from non-browser clients and with an API key', async () => {
    expect((await rep.client.post('/api/v1/customers', { name: '本站客户' }, OWN)).status).toBe(201);
    expect((await rep.client.post('/api/v1/customers', { name: '本站客户2' }, { origin: 'http://localhost:80' })).status).toBe(201);
    expect((await rep.client.post('/api/v1/customers', { name: '脚本客户' })).status).toBe(201);
    const key = await t.apiKeyClient(rep.id);
    expect((await key.post('/api/v1/customers', { name: '钥匙客户' }, FOREIGN)).status).toBe(201);
    // Reading is never refused: GET changes nothing.
    expect((await rep.client.get('/api/v1/customers', FOREIGN)).status).toBe(200);
    // A login posted from another site is refused too (login CSRF).
    expect((await t.anon.post('/api/auth/login', { email: rep.email, password: 'x' }, FOREIGN)).status).toBe(403);
  });

  it('trusts CRM_PUBLIC_URL as the own origin behind a proxy that rewrites Host', () => {
    const req = (headers: Record<string, string>) => ({ headers, protocol: 'http' as const, host: '10.0.0.5:3000' });
    expect(isSameOriginRequest(req({ origin: 'https://crm.example.com' }), 'https://crm.example.com')).toBe(true);
    expect(isSameOriginRequest(req({ origin: 'https://crm.example.com' }))).toBe(false);
    expect(isSameOriginRequest(req({ origin: 'https://crm.example.com.evil.cn' }), 'https://crm.example.com')).toBe(false);
    expect(isSameOriginRequest(req({ origin: 'null' }), 'https://crm.example.com')).toBe(false);
    expect(isSameOriginRequest(req({ 'sec-fetch-site': 'cross-site' }), 'https://crm.example.com')).toBe(false);
    expect(isSameOriginRequest(req({}), 'https://crm.example.com')).toBe(true);
  });
});

describe('security headers', () => {
  it('sends CSP, frame, sniffing and referrer headers on API, app and error responses', async () => {
    for (const res of [await t.anon.get('/api/health'), await t.anon.get('/api/v1/customers'), await rep.client.get('/api/auth/me')]) {
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    }
  });

  it('lets other sites frame the hosted web form and load its embed script', async () => {
    const created = await t.admin.client.post('/api/v1/web-forms', { name: '官网留资', fields: [{ field: 'name', required: true }, { field: 'mobile', required: true }] });
    expect(created.status).toBe(201);
    const token = created.body.data.token;
    const page = await t.anon.get(`/f/${token}`);
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain('frame-ancestors *');
    expect(String(page.headers['content-security-policy'])).not.toContain('form-action');
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await t.anon.get(`/f/${token}/embed.js`);
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    // Everything else stays same-origin.
    expect((await t.anon.get('/api/health')).headers['cross-origin-resource-policy']).toBe('same-origin');
  });
});

describe('the user directory', () => {
  it('shows non-administrators only id, name, team and active of active users; administrators everything', async () => {
    const gone = await t.createUser({ role: 'sales_rep', name: '已离职' });
    await t.admin.client.patch(`/api/v1/users/${t.admin.id}`, { name: '管理员' });
    await t.admin.client.patch(`/api/v1/users/${gone.id}`, { active: false });
    const list = await rep.client.get('/api/v1/users');
    expect(list.status).toBe(200);
    for (const user of list.body.data) expect(Object.keys(user).sort()).toEqual(['active', 'id', 'name', 'team_id']);
    expect(JSON.stringify(list.body)).not.toContain('@test.local');
    expect(list.body.data.map((u: { id: string }) => u.id)).not.toContain(gone.id);
    const full = await t.admin.client.get('/api/v1/users');
    expect(full.body.data.find((u: { id: string }) => u.id === rep.id)).toMatchObject({ email: rep.email, role_id: expect.any(String) });
    expect(full.body.data.map((u: { id: string }) => u.id)).toContain(gone.id);
  });
});

describe('empty patches of teams and roles', () => {
  it('answers 200 with the unchanged team or role, 404 for an unknown one', async () => {
    const team = (await t.admin.client.post('/api/v1/teams', { name: '华东区' })).body.data;
    const res = await t.admin.client.patch(`/api/v1/teams/${team.id}`, {});
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: team.id, name: '华东区' });
    expect((await t.admin.client.patch('/api/v1/teams/00000000-0000-4000-8000-000000000000', {})).status).toBe(404);
    const roleId = await t.createRole('empty_patch', { objects: { '*': { read: 'all' } } });
    const role = await t.admin.client.patch(`/api/v1/roles/${roleId}`, {});
    expect(role.status).toBe(200);
    expect(role.body.data).toMatchObject({ id: roleId, key: 'empty_patch' });
    expect((await t.admin.client.patch('/api/v1/roles/00000000-0000-4000-8000-000000000000', {})).status).toBe(404);
  });
});
