import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../src/modules/automation/actions/post-json.js';
import { checkAddress } from '../src/outbound/address-policy.js';
import { outboundRequest } from '../src/outbound/http-request.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { startSmtpServer, startWebhookServer } from './helpers/local-servers.js';

/** Admin-configured URLs (robots, webhooks, SMTP, logos) cannot reach this machine or the internal network. */
let t: TestCrm;
let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const port = () => new URL(hooks.url).port;

beforeAll(async () => {
  delete process.env.CRM_OUTBOUND_ALLOW;
  delete process.env.CRM_OUTBOUND_ALLOW_PRIVATE;
  t = await startTestCrm();
  hooks = await startWebhookServer();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await hooks?.close();
  await smtp?.close();
  await t?.close();
});
afterEach(() => {
  delete process.env.CRM_OUTBOUND_ALLOW;
  delete process.env.CRM_OUTBOUND_ALLOW_PRIVATE;
});

const BLOCKED = [
  '127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '224.0.0.1', '0.0.0.0', '255.255.255.255',
  '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '64:ff9b::7f00:1', '2002:7f00:1::',
];

describe('the address policy', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and unspecified addresses, IPv4 and IPv6', () => {
    for (const address of BLOCKED) expect(() => checkAddress(address, address), address).toThrow(/refused to connect/);
    for (const address of ['8.8.8.8', '203.119.25.1', '2001:4860:4860::8888']) expect(() => checkAddress(address, address), address).not.toThrow();
  });

  it('lets the settings allow hosts, addresses and ranges, or everything', () => {
    process.env.CRM_OUTBOUND_ALLOW = 'mail.intranet, 10.1.0.0/16, fd00::5';
    expect(() => checkAddress('10.1.2.3', '10.1.2.3')).not.toThrow();
    expect(() => checkAddress('mail.intranet', '192.168.0.9')).not.toThrow();
    expect(() => checkAddress('fd00::5', 'fd00::5')).not.toThrow();
    expect(() => checkAddress('10.2.0.1', '10.2.0.1')).toThrow(/10\.2\.0\.1/);
    expect(() => checkAddress('127.0.0.1', '127.0.0.1')).toThrow(/CRM_OUTBOUND_ALLOW/);
    process.env.CRM_OUTBOUND_ALLOW_PRIVATE = 'true';
    expect(() => checkAddress('169.254.169.254', '169.254.169.254')).not.toThrow();
  });
});

describe('outbound requests', () => {
  it('never reach 127.0.0.1, 169.254.169.254 or a name resolving to 127.0.0.1 (webhook and group-robot actions)', async () => {
    for (const url of [`${hooks.url}/hook`, 'http://169.254.169.254/latest/meta-data/', `http://localhost:${port()}/hook`, `http://[::ffff:7f00:1]:${port()}/hook`, `http://2130706433:${port()}/hook`]) {
      await expect(postJson(url, '{}', {}, 5_000), url).rejects.toThrow(/refused to connect/);
    }
    expect(hooks.received).toHaveLength(0);
    process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';
    await expect(postJson(`${hooks.url}/hook`, '{}', {}, 5_000)).resolves.toMatchObject({ status: 200 });
    expect(hooks.received).toHaveLength(1);
  });

  it('check every redirect too', async () => {
    const redirector = createServer((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${port()}/secret` }).end());
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      // The first hop's name is allowed; the address it redirects to is not.
      process.env.CRM_OUTBOUND_ALLOW = 'localhost';
      await expect(outboundRequest(`http://localhost:${(redirector.address() as AddressInfo).port}/logo.png`, { timeoutMs: 5_000 })).rejects.toThrow(/refused to connect to 127\.0\.0\.1/);
    } finally {
      redirector.close();
    }
  });

  it('refuse a user’s robot webhook on a private address with a clear error', async () => {
    const before = hooks.received.length;
    const saved = await t.admin.client.request('PUT', '/api/v1/notifications/preferences', {
      kinds: [{ kind: 'general', inApp: true, email: false, robot: true }],
      robot: { provider: 'wecom', webhookUrl: 'http://169.254.169.254/cgi-bin/webhook/send?key=x' },
    });
    expect(saved.status, saved.text).toBe(200);
    const res = await t.admin.client.post('/api/v1/notifications/robot/test');
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain('refused to connect to 169.254.169.254');
    expect(res.body.error.details[0].path).toBe('robot.webhookUrl');
    expect(hooks.received.length).toBe(before);
  });

  it('refuse an SMTP host on a private address (the test message answers 422 naming host)', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const put = await t.admin.client.request('PUT', '/api/v1/email/settings', { host, port: smtp.port, security: 'none', username: null, fromName: 'CRM', fromAddress: 'crm@test.local', appUrl: null });
      expect(put.status, put.text).toBe(200);
      const res = await t.admin.client.post('/api/v1/email/settings/test', { to: 'someone@test.local' });
      expect(res.status, host).toBe(422);
      expect(res.body.error.message).toContain('refused to connect');
      expect(res.body.error.details[0].path).toBe('host');
    }
    expect(smtp.received).toHaveLength(0);
    process.env.CRM_OUTBOUND_ALLOW = 'localhost';
    const ok = await t.admin.client.post('/api/v1/email/settings/test', { to: 'someone@test.local' });
    expect(ok.status, ok.text).toBe(200);
    expect(smtp.received).toHaveLength(1);
  });
});
