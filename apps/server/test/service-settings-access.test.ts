import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';

let t: TestCrm;
let manager: TestUser;
let agent: TestUser;

beforeAll(async () => {
  t = await startTestCrm();
  [manager, agent] = await Promise.all([t.createUser({ role: 'support_manager' }), t.createUser({ role: 'service_agent' })]);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const mailbox = { host: 'imap.example.com', port: 993, security: 'tls', username: 'support@example.com', password: 'imap-secret-1', folder: 'INBOX', enabled: false };

describe('Settings › 客服 for a support manager who is no administrator', () => {
  it('manages the mailbox (password never returned), SLA, calendar, canned replies and group members', async () => {
    const c = manager.client;
    const saved = await c.request('PUT', '/api/v1/service-mail/settings', mailbox);
    expect(saved.status, saved.text).toBe(200);
    expect(JSON.stringify(saved.body)).not.toContain('imap-secret-1');
    const read = await c.get('/api/v1/service-mail/settings');
    expect(read.body.data).toMatchObject({ host: 'imap.example.com', folder: 'INBOX', enabled: false });
    expect(JSON.stringify(read.body)).not.toContain('imap-secret-1');
    expect((await c.get('/api/v1/service-mail/inbound?status=quarantined')).status).toBe(200);

    expect((await c.post('/api/v1/service/sla-policies', { name: '主管策略', priorities: ['urgent'], firstResponseMinutes: 30, resolutionMinutes: 240 })).status).toBe(201);
    expect((await c.post('/api/v1/service/canned-replies', { title: '主管模板', body: '您好' })).status).toBe(201);
    const calendar = (await c.get('/api/v1/service/calendar')).body.data;
    expect((await c.request('PUT', '/api/v1/service/calendar', { timezone: calendar.timezone, hours: calendar.hours, useChinaHolidays: false, days: [] })).status).toBe(200);
    const group = await c.create('support_groups', { name: '主管建的组' });
    expect((await c.request('PUT', `/api/v1/support_groups/${group.id}/members`, { userIds: [agent.id], categories: { [agent.id]: ['fault'] } })).status).toBe(200);
  });

  it('an agent reads what they work with but changes none of it, and never sees the mailbox', async () => {
    const c = agent.client;
    expect((await c.get('/api/v1/service-mail/settings')).status).toBe(403);
    expect((await c.request('PUT', '/api/v1/service-mail/settings', mailbox)).status).toBe(403);
    expect((await c.get('/api/v1/service-mail/inbound')).status).toBe(403);
    expect((await c.post('/api/v1/service-mail/inbound/1/discard')).status).toBe(403);
    expect((await c.post('/api/v1/service/sla-policies', { name: 'x', firstResponseMinutes: 30, resolutionMinutes: 240 })).status).toBe(403);
    expect((await c.post('/api/v1/service/canned-replies', { title: 'x', body: 'y' })).status).toBe(403);
    expect((await c.get('/api/v1/service/canned-replies')).status).toBe(200);
    expect((await c.get('/api/v1/service/sla-policies')).status).toBe(200);
  });
});
