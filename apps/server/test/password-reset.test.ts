import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { startSmtpServer, waitFor } from './helpers/local-servers.js';

// The SMTP receiver is on loopback, which outbound connections refuse unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

/** Forgotten password: a one-time link by e-mail (real SMTP receiver), the same answer for every address. */
let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let user: TestUser;
const db = () => t.crm.handle.db;

beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm({ jobs: true }), startSmtpServer()]);
  user = await t.createUser({ role: 'sales_rep', name: '王芳', email: 'wang.fang@crm.test' });
  const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: 'CRM', fromAddress: 'noreply@crm.test', appUrl: 'https://crm.example.com' });
  if (saved.status !== 200) throw new Error(saved.text);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const request = (email: string, ip = '198.51.100.1') => t.app.inject({ method: 'POST', url: '/api/auth/password-reset', remoteAddress: ip, payload: { email } });
const confirm = (token: string, password: string) => t.anon.post('/api/auth/password-reset/confirm', { token, password });
const mailsTo = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));
const tokenIn = (text: string) => /https:\/\/crm\.example\.com\/reset-password\?token=([\w-]+)/.exec(text)?.[1];

describe('forgotten password', () => {
  it('e-mails a one-time link that sets a new password and ends every session', async () => {
    const res = await request('Wang.Fang@crm.test');
    expect(res.statusCode).toBe(202);
    const mail = await waitFor(() => mailsTo('wang.fang@crm.test')[0]);
    expect(mail.mail.subject).toBe('重置您的 CRM 密码');
    expect(mail.mail.text).toContain('王芳，您好');
    const token = tokenIn(mail.mail.text ?? '')!;
    expect(token).toBeTruthy();
    // Only the hash is stored.
    const stored = await db().selectFrom('password_resets').select('token_hash').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    expect((await confirm(token, 'password')).body.error.details[0].path).toBe('password');
    expect((await user.client.get('/api/auth/me')).status).toBe(200);
    expect((await confirm(token, 'Brand-new-pass-9')).status).toBe(200);
    expect((await user.client.get('/api/auth/me')).status).toBe(401);
    expect((await t.anon.post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
    const login = await t.anon.post('/api/auth/login', { email: user.email, password: 'Brand-new-pass-9' });
    expect(login.status).toBe(200);
    // Single use.
    const again = await confirm(token, 'Another-pass-10');
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].path).toBe('token');
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const known = await request(user.email, '198.51.100.2');
    const unknown = await request('nobody@crm.test', '198.51.100.2');
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    await waitFor(() => mailsTo(user.email).length >= 2 || undefined);
    expect(mailsTo('nobody@crm.test')).toEqual([]);
    expect((await request('not an address')).statusCode).toBe(400);
  });

  it('refuses an expired link', async () => {
    const before = mailsTo(user.email).length;
    await request(user.email, '198.51.100.3');
    const mail = await waitFor(() => mailsTo(user.email)[before]);
    await db().updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    const res = await confirm(tokenIn(mail.mail.text ?? '')!, 'Too-late-pass-11');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('token');
  });

  it('limits requests per address (429 for known and unknown alike) and e-mails per account', async () => {
    const other = await t.createUser({ role: 'sales_rep', email: 'limit@crm.test' });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await request(i % 2 ? other.email : `ghost${i}@crm.test`, '203.0.113.9')).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Five requests for the account from that address, three e-mails at most.
    await waitFor(() => mailsTo(other.email).length >= 3 || undefined);
    await waitFor(async () => (await db().selectFrom('notification_deliveries').select('status').where('user_id', '=', other.id).execute()).every((d) => d.status === 'sent') || undefined);
    expect(mailsTo(other.email)).toHaveLength(3);
    expect((await request(other.email, '198.51.100.99')).statusCode).toBe(202);
  });
});
