import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceClock } from '../src/modules/service/sla/apply-sla.js';
import { businessMinutesBetween } from '../src/modules/service/sla/business-time.js';
import { loadCalendar } from '../src/modules/service/sla/calendar-store.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** Business times on the service dashboard leave out time spent waiting on the customer, and have no ticket cap. */
let t: TestCrm;
beforeAll(async () => {
  t = await startTestCrm();
}, 120_000);
afterAll(async () => {
  serviceClock.now = () => new Date();
  await t?.close();
});

const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe('service dashboard business times', () => {
  it('the SLA keeps how long a ticket waited on the customer before its first answer', async () => {
    const admin = t.admin.client;
    // Monday 2 March 2026 in Shanghai: created 10:00, waiting on the customer 10:30–12:00 (90 business minutes).
    serviceClock.now = () => new Date('2026-03-02T02:00:00Z');
    const ticket = await admin.create('tickets', { subject: '等待客户' });
    serviceClock.now = () => new Date('2026-03-02T02:30:00Z');
    await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'pending_customer' });
    serviceClock.now = () => new Date('2026-03-02T04:00:00Z');
    await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
    const reply = await admin.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', text: '您好，已收到。', lastSeenMessageId: null });
    expect(reply.status, reply.text).toBe(201);
    const row = (await admin.get(`/api/v1/tickets/${ticket.id}`)).body.data;
    expect(row.first_responded_at).not.toBeNull();
    expect(row).toMatchObject({ sla_paused_minutes: 90, sla_response_paused_minutes: 90 });
  });

  it('first response and resolution medians do not count the pause; agent and group figures likewise', async () => {
    const admin = t.admin.client;
    const db = t.crm.handle.db;
    await sql`DELETE FROM tickets`.execute(db);
    const group = await admin.create('support_groups', { name: '暂停测试组' });
    const make = async (created: string, fr: number, solved: number, paused: number, beforeAnswer: number) => {
      const row = await admin.create('tickets', { subject: '暂停', support_group_id: group.id, owner_id: t.admin.id });
      await sql`UPDATE tickets SET created_at = ${created}, first_responded_at = ${at(created, fr)}, solved_at = ${at(created, solved)}, status = 'solved',
        sla_paused_minutes = ${paused}, sla_response_paused_minutes = ${beforeAnswer} WHERE id = ${row.id}`.execute(db);
    };
    // Tuesday 3 March 2026, 10:00 Shanghai: answered after 120 business minutes of which 60 waiting; solved after 300 of which 200 waiting.
    await make('2026-03-03T02:00:00Z', 120, 300, 200, 60);
    // Wednesday 4 March, 10:00: answered after 30, solved after 100, never paused.
    await make('2026-03-04T02:00:00Z', 30, 100, 0, 0);
    // Friday 6 March 17:00: answered Monday 9:30 (60 + 30 business minutes), solved Monday 12:00 (60 + 180), 120 of it waiting after the answer.
    await make('2026-03-06T09:00:00Z', 3870, 4020, 120, 0);

    const d = (await admin.get('/api/v1/service/dashboard?from=2026-03-01&to=2026-03-31')).body.data;
    // First response: 120 − 60, 30, 90 → 30, 60, 90. Resolution: 300 − 200, 100, 240 − 120 → 100, 100, 120.
    expect(d.totals.firstResponseBusiness).toEqual({ count: 3, median: 60, p90: 84 });
    expect(d.totals.resolutionBusiness).toEqual({ count: 3, median: 100, p90: 116 });
    expect(d.groups.find((g: { groupId: string }) => g.groupId === group.id).resolutionBusiness).toEqual({ count: 3, median: 100, p90: 116 });
    expect(d.agents.find((a: { userId: string }) => a.userId === t.admin.id).firstResponseBusiness).toEqual({ count: 3, median: 60, p90: 84 });
  });

  it('computes business times in SQL, equal to the per-ticket calendar walk', async () => {
    const db = t.crm.handle.db;
    await sql`DELETE FROM tickets`.execute(db);
    const base = await t.admin.client.create('tickets', { subject: '模板' });
    // 400 tickets over January–March 2026 (Spring Festival holidays and 调休 inside), created at all hours.
    await sql`
      INSERT INTO tickets (id, subject, status, number, created_at, first_responded_at, solved_at, owner_id)
      SELECT gen_random_uuid(), 'bulk', 'solved', 100000 + g,
        timestamptz '2026-01-01 00:00+08' + (g * 97 % 2000) * interval '1 hour' + (g % 60) * interval '1 minute',
        timestamptz '2026-01-01 00:00+08' + (g * 97 % 2000) * interval '1 hour' + (g % 60) * interval '1 minute' + (g * 13 % 3000) * interval '1 minute',
        timestamptz '2026-01-01 00:00+08' + (g * 97 % 2000) * interval '1 hour' + (g % 60) * interval '1 minute' + (g * 31 % 9000) * interval '1 minute' + interval '3000 minutes',
        ${t.admin.id}
      FROM generate_series(1, 400) g`.execute(db);
    await sql`DELETE FROM tickets WHERE id = ${base.id}`.execute(db);
    const started = performance.now();
    const d = (await t.admin.client.get('/api/v1/service/dashboard?from=2026-01-01&to=2026-12-31')).body.data;
    const ms = performance.now() - started;
    expect(d.totals.resolutionBusiness.count).toBe(400);
    const cal = await loadCalendar(db);
    const { rows } = await sql<{ created_at: Date; first_responded_at: Date; solved_at: Date }>`SELECT created_at, first_responded_at, solved_at FROM tickets`.execute(db);
    const walked = (col: 'first_responded_at' | 'solved_at') => rows.map((r) => businessMinutesBetween(cal, new Date(r.created_at), new Date(r[col]))).sort((a, b) => a - b);
    const median = (v: number[]) => (v[199] + v[200]) / 2;
    expect(d.totals.firstResponseBusiness.median).toBe(median(walked('first_responded_at')));
    expect(d.totals.resolutionBusiness.median).toBe(median(walked('solved_at')));
    console.log(`service dashboard over 400 solved tickets: ${ms.toFixed(0)} ms`);
  });
});
