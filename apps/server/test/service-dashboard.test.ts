import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

let t: TestCrm;
beforeAll(async () => {
  t = await startTestCrm();
}, 120_000);
afterAll(async () => t?.close());

const min = (iso: string, minutes: number | null) => (minutes === null ? null : new Date(Date.parse(iso) + minutes * 60_000).toISOString());

/** Places a ticket's times (system fields the SLA rules keep) directly, as minutes after creation. */
async function timed(id: string, created: string, v: { fr?: number | null; solved?: number | null; frDue?: number | null; resDue?: string | number | null; csat?: number | null; status: string; priority?: string }) {
  const resDue = typeof v.resDue === 'string' ? v.resDue : min(created, v.resDue ?? null);
  await sql`UPDATE tickets SET created_at = ${created}, first_responded_at = ${min(created, v.fr ?? null)}, solved_at = ${min(created, v.solved ?? null)},
    first_response_due_at = ${min(created, v.frDue ?? null)}, resolution_due_at = ${resDue}, satisfaction = ${v.csat ?? null},
    status = ${v.status}, priority = ${v.priority ?? 'normal'} WHERE id = ${id}`.execute(t.crm.handle.db);
}

describe('service dashboard', () => {
  it('computes per-day counts, median/p90 times, SLA attainment, CSAT and the backlog from real rows, scoped to what the viewer may read', async () => {
    const admin = t.admin.client;
    const agent = await t.createUser({ role: 'service_agent', name: '客服小张' });
    const groupA = await admin.create('support_groups', { name: '售后一组' });
    const groupB = await admin.create('support_groups', { name: '售后二组' });
    expect((await admin.request('PUT', `/api/v1/support_groups/${groupA.id}/members`, { userIds: [agent.id] })).status).toBe(200);
    const ticket = async (group: string, owner: string) => (await admin.create('tickets', { subject: '问题', support_group_id: group, owner_id: owner })).id as string;

    // Period 2–4 March 2026 in Asia/Shanghai. Group A, assigned to the agent:
    await timed(await ticket(groupA.id, agent.id), '2026-03-02T01:00:00Z', { fr: 10, solved: 60, frDue: 30, resDue: 120, csat: 5, status: 'closed' });
    await timed(await ticket(groupA.id, agent.id), '2026-03-02T02:00:00Z', { fr: 20, solved: 240, frDue: 30, resDue: 120, csat: 3, status: 'solved' });
    await timed(await ticket(groupA.id, agent.id), '2026-03-03T01:00:00Z', { fr: 40, frDue: 30, resDue: '2099-01-01T00:00:00Z', status: 'open', priority: 'high' });
    await timed(await ticket(groupA.id, agent.id), '2026-03-03T03:00:00Z', { fr: 100, solved: 300, status: 'solved' });
    // Group B, the admin's: one in the period, one created in February and solved on 2 March (13:00 local).
    await timed(await ticket(groupB.id, t.admin.id), '2026-03-04T01:00:00Z', { fr: 5, solved: 30, frDue: 30, resDue: 60, csat: 4, status: 'solved' });
    await timed(await ticket(groupB.id, t.admin.id), '2026-02-20T01:00:00Z', { fr: 1000, solved: 14_640, status: 'solved' });

    const res = await admin.get('/api/v1/service/dashboard?from=2026-03-02&to=2026-03-04');
    expect(res.status, res.text).toBe(200);
    const d = res.body.data;
    expect(d.timeBasis).toBe('wall');
    expect(d.daily.map(({ filters: _f, ...day }: { filters: unknown }) => day)).toEqual([
      { date: '2026-03-02', created: 2, solved: 3 },
      { date: '2026-03-03', created: 2, solved: 1 },
      { date: '2026-03-04', created: 1, solved: 1 },
    ]);
    expect([d.created, d.solved]).toEqual([5, 5]);
    // First responses in the period: 5, 10, 20, 40, 100 → median 20, p90 = 40 + 0.6 × 60.
    expect(d.totals.firstResponse).toEqual({ count: 5, median: 20, p90: 76 });
    // Solved in the period: 30, 60, 240, 300, 14640 → median 240, p90 = 300 + 0.6 × 14340.
    expect(d.totals.resolution).toEqual({ count: 5, median: 240, p90: 8904 });
    // First response: three met, one late; resolution: two met, one late, one still running.
    expect(d.totals.sla).toEqual({ firstResponse: { met: 3, breached: 1, rate: 75 }, resolution: { met: 2, breached: 1, rate: 66.7 } });
    expect(d.totals.csat).toEqual({ count: 3, average: 4 });
    expect(d.backlog).toEqual([{ status: 'open', priority: 'high', count: 1, filter: { and: [{ field: 'status', op: 'eq', value: 'open' }, { field: 'priority', op: 'eq', value: 'high' }] } }]);

    const zhang = d.agents.find((a: { userId: string }) => a.userId === agent.id);
    expect(zhang).toMatchObject({ name: '客服小张', solved: 3, firstResponse: { count: 4, median: 30 }, sla: { firstResponse: { met: 2, breached: 1, rate: 66.7 } }, csat: { count: 2, average: 4 } });
    const b = d.groups.find((g: { groupId: string }) => g.groupId === groupB.id);
    expect(b).toMatchObject({ name: '售后二组', solved: 2, firstResponse: { count: 1, median: 5 }, resolution: { median: 7335 } });

    // Only one group: the same figures narrowed.
    const onlyB = (await admin.get(`/api/v1/service/dashboard?from=2026-03-02&to=2026-03-04&group=${groupB.id}`)).body.data;
    expect([onlyB.created, onlyB.solved, onlyB.backlog.length]).toEqual([1, 2, 0]);

    // The agent reads their group's tickets only: group B counts for nothing.
    const mine = (await agent.client.get('/api/v1/service/dashboard?from=2026-03-02&to=2026-03-04')).body.data;
    expect([mine.created, mine.solved]).toEqual([4, 3]);
    expect(mine.totals.firstResponse).toEqual({ count: 4, median: 30, p90: 82 });
    expect(mine.groups.map((g: { name: string }) => g.name)).toEqual(['售后一组']);

    // The weekly report of 2–8 March carries the service section for a manager who reads every ticket.
    const report = await admin.post('/api/v1/sales/reports', { week: '2026-03-04', userId: t.admin.id });
    expect(report.status, report.text).toBe(201);
    expect(report.body.data.figures.sections.service).toEqual({ created: 5, solved: 5, firstResponseMedian: 20, slaFirstResponse: 75, slaResolution: 66.7 });
    // A reader of every deal who may not read tickets sees the report without it.
    const salesOnly = await t.createRole('deals_not_tickets', { objects: { '*': { read: 'all' }, tickets: { read: 'none' } } });
    const seen = await (await t.createUser({ role: salesOnly })).client.get(`/api/v1/sales/reports/${report.body.data.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.data.figures.sections).toEqual({});
  });

  it('gives zeros and nulls for an empty range, 403 without ticket access, and names a bad field', async () => {
    const empty = (await t.admin.client.get('/api/v1/service/dashboard?from=2025-01-01&to=2025-01-02')).body.data;
    expect(empty.daily.map(({ filters: _f, ...day }: { filters: unknown }) => day)).toEqual([{ date: '2025-01-01', created: 0, solved: 0 }, { date: '2025-01-02', created: 0, solved: 0 }]);
    expect(empty.totals).toMatchObject({ solved: 0, firstResponse: { count: 0, median: null, p90: null }, sla: { firstResponse: { met: 0, breached: 0, rate: null } }, csat: { count: 0, average: null } });
    expect(empty.agents).toEqual([]);

    const roleId = await t.createRole('no_tickets', { objects: { '*': { read: 'all' }, tickets: { read: 'none' } } });
    const outsider = await t.createUser({ role: roleId });
    expect((await outsider.client.get('/api/v1/service/dashboard')).status).toBe(403);
    const hiddenTimes = await t.createRole('no_solved_at', { objects: { '*': { read: 'all' } }, fields: { tickets: { solved_at: 'hidden' } } });
    expect((await (await t.createUser({ role: hiddenTimes })).client.get('/api/v1/service/dashboard')).status).toBe(403);

    const bad = await t.admin.client.get('/api/v1/service/dashboard?from=2026-03-05&to=2026-03-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('to');
    expect((await t.admin.client.get('/api/v1/service/dashboard?group=x')).body.error.details[0].path).toBe('group');
  });
});
