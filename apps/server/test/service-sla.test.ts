import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceClock } from '../src/modules/service/sla/apply-sla.js';
import { runSlaScan } from '../src/modules/service/sla/sla-scan.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
const at = (iso: string) => (serviceClock.now = () => new Date(iso));

beforeAll(async () => {
  t = await startTestCrm();
}, 120_000);
afterAll(async () => {
  serviceClock.now = () => new Date();
  await t?.close();
});

describe('SLA in business time', () => {
  it('counts China holidays and 调休, admin overrides and pauses, explains each due change, warns at 80 % and escalates a breach', async () => {
    const admin = t.admin.client;
    const weekdays = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [String(d), [[540, 1080]]]));
    const cal = await admin.request('PUT', '/api/v1/service/calendar', { timezone: 'Asia/Shanghai', hours: weekdays, useChinaHolidays: true, days: [{ day: '2026-10-09', working: false, note: '公司团建' }] });
    expect(cal.status).toBe(200);
    const bad = await admin.request('PUT', '/api/v1/service/calendar', { timezone: 'Mars/Base', hours: weekdays, useChinaHolidays: true, days: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('timezone');
    const policy = await admin.post('/api/v1/service/sla-policies', { name: '高优先级', priorities: ['high', 'urgent'], firstResponseMinutes: 120, resolutionMinutes: 960 });
    expect(policy.status).toBe(201);

    const lead = await t.createUser({ role: 'support_manager', name: '组长' });
    const group = await admin.create('support_groups', { name: '售后一组', lead_user_id: lead.id });
    // Wednesday 30 September 2026, 17:00 in Shanghai: one working hour left before the National Day holidays (1–7 Oct).
    at('2026-09-30T09:00:00Z');
    const ticket = await admin.create('tickets', { subject: '系统宕机', priority: 'high', support_group_id: group.id });
    // 60 min on 30 Sep + 60 min on Thu 8 Oct → 10:00.
    expect(ticket.first_response_due_at).toBe('2026-10-08T02:00:00.000Z');
    // 60 + 540 (8 Oct) + 0 (9 Oct: the override) + 360 on Saturday 10 Oct, a 调休 working day → 15:00.
    expect(ticket.resolution_due_at).toBe('2026-10-10T07:00:00.000Z');
    expect(ticket.sla_state).toBe('ok');
    // The explanation is a message key with parameters, read in each viewer's language.
    expect(JSON.parse(ticket.sla_note)).toEqual({
      $t: 'service.slaNote.due',
      params: { policy: '高优先级', firstResponse: 120, resolution: 960 },
      keys: { reason: 'service.slaNote.reason.create' },
    });

    // Waiting on the customer from 09:30 to 11:30 on 8 Oct: two business hours added to both targets.
    at('2026-10-08T01:30:00Z');
    expect((await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending_customer' })).body.data.sla_state).toBe('paused');
    at('2026-10-08T03:30:00Z');
    const resumed = (await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' })).body.data;
    expect(resumed.first_response_due_at).toBe('2026-10-08T04:00:00.000Z');
    expect(resumed.resolution_due_at).toBe('2026-10-10T09:00:00.000Z');
    expect(JSON.parse(resumed.sla_note)).toMatchObject({ $t: 'service.slaNote.duePaused', params: { paused: 120 }, keys: { reason: 'service.slaNote.reason.resume' } });
    const history = (await admin.get(`/api/v1/audit-log?object=tickets&recordId=${ticket.id}`)).body;
    expect(JSON.stringify(history)).toContain('sla_note');

    // 80 % of the first-response target (96 + 120 paused business minutes) is 11:36; the scan warns the assignee.
    expect(await runSlaScan(t.crm.handle.db, new Date('2026-10-08T03:35:00Z'))).toEqual({ warned: 0, breached: 0 });
    expect(await runSlaScan(t.crm.handle.db, new Date('2026-10-08T03:40:00Z'))).toEqual({ warned: 1, breached: 0 });
    expect((await admin.get(`/api/v1/tickets/${ticket.id}`)).body.data.sla_state).toBe('warning');
    const warned = (await admin.get('/api/v1/notifications')).body.data;
    expect(warned.some((n: { title: string }) => n.title.includes(ticket.number) && n.title.includes('即将'))).toBe(true);
    expect(await runSlaScan(t.crm.handle.db, new Date('2026-10-08T04:01:00Z'))).toEqual({ warned: 0, breached: 1 });
    expect(await runSlaScan(t.crm.handle.db, new Date('2026-10-08T04:02:00Z'))).toEqual({ warned: 0, breached: 0 });
    expect((await admin.get(`/api/v1/tickets/${ticket.id}`)).body.data.sla_state).toBe('breached');
    const escalated = (await lead.client.get('/api/v1/notifications')).body.data;
    expect(escalated.some((n: { title: string }) => n.title.includes(ticket.number) && n.title.includes('已超出'))).toBe(true);

    // A normal-priority ticket matches no policy: no due times.
    const plain = await admin.create('tickets', { subject: '咨询发票' });
    expect(plain.first_response_due_at).toBeNull();
  });
});
