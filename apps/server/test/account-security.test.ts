import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdmin } from '../src/accounts/bootstrap.js';
import { notify } from '../src/modules/notifications/index.js';
import { Client, PASSWORD, startTestCrm, type TestCrm } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';

/** Login throttling, the password policy, forced password change, what an admin password reset revokes. */
let t: TestCrm;
const db = () => t.crm.handle.db;

beforeAll(async () => {
  t = await startTestCrm();
});
afterAll(async () => {
  await t?.close();
});

const loginFrom = (ip: string, email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { email, password } });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie'] ?? '').split(';')[0];
/** Moves an address's failures for an account back in time, as if the wait had passed. */
const age = (email: string, seconds: number) => sql`UPDATE login_failures SET at = at - make_interval(secs => ${seconds}) WHERE email = ${email}`.execute(db());

describe('login throttling', () => {
  it('makes a failing address wait, longer each time, without locking the owner out', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    const attacker = '203.0.113.7';
    for (let i = 0; i < 5; i++) expect((await loginFrom(attacker, user.email, `wrong-${i}-xx`)).statusCode).toBe(401);
    const refused = await loginFrom(attacker, user.email, PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(20);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(30);
    // The owner, from an address that has not failed, gets in with the right password.
    const owner = await loginFrom('198.51.100.20', user.email, PASSWORD);
    expect(owner.statusCode).toBe(200);
    // The wait passes; the next failure doubles it.
    await age(user.email, 31);
    expect((await loginFrom(attacker, user.email, 'wrong-again-1')).statusCode).toBe(401);
    const longer = await loginFrom(attacker, user.email, 'wrong-again-2');
    expect(longer.statusCode).toBe(429);
    expect(Number(longer.headers['retry-after'])).toBeGreaterThan(50);
    // Refused attempts do not count as failures.
    const rows = await db().selectFrom('login_failures').select('id').where('email', '=', user.email).where('ip', '=', attacker).execute();
    expect(rows).toHaveLength(6);
  });

  it('forgives an address its failures once it logs in', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    for (let i = 0; i < 4; i++) expect((await loginFrom('198.51.100.30', user.email, `typo-${i}-wrong`)).statusCode).toBe(401);
    expect((await loginFrom('198.51.100.30', user.email, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await loginFrom('198.51.100.30', user.email, `typo-${i}-yyy`)).statusCode).toBe(401);
    expect((await loginFrom('198.51.100.30', user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('limits one address across accounts (password spraying), shared through the database', async () => {
    const sprayer = '203.0.113.50';
    const victims = await Promise.all(Array.from({ length: 3 }, () => t.createUser({ role: 'sales_rep' })));
    // 29 failures from this address already recorded (another app instance may have seen them).
    await db().insertInto('login_failures').values(Array.from({ length: 29 }, (_, i) => ({ email: `someone${i}@test.local`, ip: sprayer }))).execute();
    expect((await loginFrom(sprayer, victims[0].email, 'spray-password-1')).statusCode).toBe(401);
    const refused = await loginFrom(sprayer, victims[1].email, PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(refused.body).error.code).toBe('rate_limited');
    expect((await loginFrom('198.51.100.40', victims[1].email, PASSWORD)).statusCode).toBe(200);
  });

  it('slows every failing address at once when an account is attacked from many', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    await db().insertInto('login_failures').values(Array.from({ length: 20 }, (_, i) => ({ email: user.email, ip: `203.0.113.${100 + i}` }))).execute();
    expect((await loginFrom('203.0.113.200', user.email, 'botnet-guess-1')).statusCode).toBe(401);
    expect((await loginFrom('203.0.113.200', user.email, 'botnet-guess-2')).statusCode).toBe(429);
    expect((await loginFrom('198.51.100.41', user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('takes as long for an unknown e-mail as for a wrong password (a dummy hash is verified)', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    // CPU time of this test process (argon2's pool threads included), not wall time: load from other
    // processes on the machine does not inflate it, so the comparison holds on a busy CI runner.
    const cpuMs = async (email: string, ip: string) => {
      const start = process.cpuUsage();
      expect((await loginFrom(ip, email, 'not-the-password')).statusCode).toBe(401);
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
    await cpuMs(user.email, '198.51.100.50'); // warm-up
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await cpuMs(user.email, `198.51.100.${60 + i}`));
      unknown.push(await cpuMs(`nobody${i}@test.local`, `198.51.100.${70 + i}`));
    }
    // Without the dummy hash an unknown e-mail costs a few ms, a known one ~50 ms of argon2. Minimums,
    // because anything else the process does in between can only add to a sample.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...known) * 0.5);
  });
});

describe('password policy', () => {
  it('refuses weak passwords when an admin creates or resets a user, and on change, naming the field', async () => {
    const roles = (await t.admin.client.get('/api/v1/roles')).body.data as { id: string; key: string }[];
    const roleId = roles.find((r) => r.key === 'sales_rep')!.id;
    const email = 'li.lei.sales@test.local';
    for (const password of ['password', '12345678', '        ', 'short', ' \t \t \t \t ', email, 'li.lei.sales', 'iloveyou', 'Qwertyuiop']) {
      const res = await t.admin.client.post('/api/v1/users', { email, name: '李雷', password, roleId });
      expect(res.status, password).toBe(400);
      expect(res.body.error.details[0].path).toBe('password');
    }
    expect((await db().selectFrom('users').select('id').where('email', '=', email).execute())).toHaveLength(0);
    const created = await t.admin.client.post('/api/v1/users', { email, name: '李雷', password: 'Li-lei-2026-sales', roleId });
    expect(created.status).toBe(201);
    const reset = await t.admin.client.patch(`/api/v1/users/${created.body.data.id}`, { password: '123456789' });
    expect(reset.status).toBe(400);
    expect(reset.body.error.details[0]).toMatchObject({ path: 'password', message: expect.stringContaining('common') });
    const login = await t.anon.post('/api/auth/login', { email, password: 'Li-lei-2026-sales' });
    const client = new Client(t.app, { cookie: cookieOf(login) });
    const change = await client.post('/api/auth/change-password', { currentPassword: 'Li-lei-2026-sales', newPassword: 'password1' });
    expect(change.status).toBe(400);
    expect(change.body.error.details[0].path).toBe('newPassword');
  });

  it('refuses a weak CRM_ADMIN_PASSWORD at the first start with a clear message', async () => {
    await expect(createFirstAdmin(db(), 'first@test.local', 'a')).rejects.toThrow(/CRM_ADMIN_PASSWORD is refused: at least 8 characters/);
    await expect(createFirstAdmin(db(), 'first@test.local', 'password')).rejects.toThrow(/CRM_ADMIN_PASSWORD is refused: .*common/);
    expect(await db().selectFrom('users').select('id').where('email', '=', 'first@test.local').execute()).toHaveLength(0);
  });
});

describe('a generated first password must be changed', () => {
  it('marks the generated admin, refuses its writes until it changes the password, then lets it work', async () => {
    const email = 'generated-admin@test.local';
    const { generatedPassword: password } = await createFirstAdmin(db(), email);
    expect(password).toBeTruthy();
    const row = await db().selectFrom('users').select(['must_change_password']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(true);

    const login = await t.anon.post('/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const admin = new Client(t.app, { cookie: cookieOf(login) });
    expect((await admin.get('/api/auth/me')).body.user.must_change_password).toBe(true);
    expect((await admin.get('/api/v1/customers')).status).toBe(200);
    const blocked = await admin.post('/api/v1/customers', { name: '改密前' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.details[0].path).toBe('password');
    expect((await admin.post('/api/auth/api-keys', { name: 'sneaky' })).status).toBe(403);
    const same = await admin.post('/api/auth/change-password', { currentPassword: password, newPassword: password });
    expect(same.status).toBe(400);
    const changed = await admin.post('/api/auth/change-password', { currentPassword: password, newPassword: 'Chosen-by-me-2026' });
    expect(changed.status).toBe(200);
    const after = new Client(t.app, { cookie: cookieOf(changed) });
    expect((await after.get('/api/auth/me')).body.user.must_change_password).toBe(false);
    expect((await after.post('/api/v1/customers', { name: '改密后' })).status).toBe(201);
  });

  it('does not ask an admin whose password was configured (CRM_ADMIN_PASSWORD)', async () => {
    const me = await t.admin.client.get('/api/auth/me');
    expect(me.body.user.must_change_password).toBe(false);
  });
});

describe('an administrator resets a password', () => {
  it('ends the user’s sessions and revokes the user’s API keys', async () => {
    const user = await t.createUser({ role: 'sales_rep' });
    const key = await t.apiKeyClient(user.id);
    expect((await key.get('/api/auth/me')).status).toBe(200);
    expect((await t.admin.client.patch(`/api/v1/users/${user.id}`, { password: 'Reset-by-admin-77' })).status).toBe(200);
    expect((await key.get('/api/auth/me')).status).toBe(401);
    expect((await user.client.get('/api/auth/me')).status).toBe(401);
    const keys = await db().selectFrom('api_keys').select('revoked_at').where('user_id', '=', user.id).execute();
    expect(keys.every((k) => k.revoked_at !== null)).toBe(true);
    // Changing only the name revokes nothing.
    const other = await t.createUser({ role: 'sales_rep' });
    const otherKey = await t.apiKeyClient(other.id);
    await t.admin.client.patch(`/api/v1/users/${other.id}`, { name: '改名' });
    expect((await otherKey.get('/api/auth/me')).status).toBe(200);
  });

  it('delivers nothing more on a notification stream once its API key is revoked, not even before the next heartbeat', async () => {
    process.env.CRM_SSE_HEARTBEAT_MS = '600000';
    await t.crm.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.crm.app.server.address() as AddressInfo).port}`;
    const user = await t.createUser({ role: 'sales_rep' });
    const key = await t.apiKeyClient(user.id);
    const keyHeader = (key as unknown as { headers: Record<string, string> }).headers;
    const abort = new AbortController();
    const res = await fetch(`${base}/api/v1/notifications/stream`, { headers: { accept: 'text/event-stream', ...keyHeader }, signal: abort.signal });
    expect(res.status).toBe(200);
    let text = '';
    let ended = false;
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
      } catch {
        // aborted
      }
      ended = true;
    })();
    await waitFor(() => text.includes('event: ready') || undefined);
    await notify({ userIds: [user.id], kind: 'general', title: '撤销前的通知' }, db());
    await waitFor(() => text.includes('撤销前的通知') || undefined);
    expect((await user.client.delete(`/api/auth/api-keys/${key.keyId}`)).status).toBe(204);
    await notify({ userIds: [user.id], kind: 'general', title: '撤销后的通知' }, db());
    await waitFor(() => (ended && text.includes('event: signed_out')) || undefined);
    expect(text).not.toContain('撤销后的通知');
    abort.abort();
    delete process.env.CRM_SSE_HEARTBEAT_MS;
  });
});
