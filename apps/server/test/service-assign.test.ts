import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickAgent } from '../src/modules/service/assign/pick-agent.js';
import { waitFor } from './helpers/automation.js';
import { startTestCrm, type Client, type TestCrm, type TestUser } from './helpers/crm.js';

// Only record triggers matter here; the time scanner stays quiet.
process.env.AUTOMATION_SCAN_MS = '3600000';

let t: TestCrm;
let admin: Client;

beforeAll(async () => {
  t = await startTestCrm({ jobs: true });
  admin = t.admin.client;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function groupWith(name: string, members: TestUser[], categories: Record<string, string[]> = {}) {
  const group = await admin.create('support_groups', { name });
  const res = await admin.request('PUT', `/api/v1/support_groups/${group.id}/members`, { userIds: members.map((m) => m.id), categories });
  expect(res.status, res.text).toBe(200);
  return group.id as string;
}

const agents = (n: number, prefix: string) => Promise.all(Array.from({ length: n }, (_, i) => t.createUser({ role: 'service_agent', name: `${prefix}${i}` })));

/** A rule assigning new tickets of one group; returns its id. */
async function assignRule(groupId: string, strategy: string) {
  const res = await admin.post('/api/v1/automation/rules', {
    name: `分配 ${strategy}`,
    object: 'tickets',
    enabled: true,
    trigger: { kind: 'record_created' },
    conditions: { field: 'support_group_id', op: 'eq', value: groupId },
    actions: [{ type: 'assign_ticket', strategy }],
  });
  expect(res.status, res.text).toBe(201);
  return res.body.data.id as string;
}

/** Creates tickets at once and waits until the rule's runs for them are done; returns their owners. */
async function createAssigned(ruleId: string, groupId: string, tickets: Array<Record<string, unknown>>) {
  const created = await Promise.all(tickets.map((values, i) => admin.create('tickets', { subject: `待分配 ${i}`, support_group_id: groupId, owner_id: null, ...values })));
  const ids = new Set(created.map((c) => c.id as string));
  await waitFor(async () => {
    const runs = (await admin.get(`/api/v1/automation/runs?ruleId=${ruleId}&limit=200`)).body.data as Array<{ record_id: string; status: string }>;
    const mine = runs.filter((r) => ids.has(r.record_id));
    if (mine.some((r) => r.status === 'failed')) throw new Error(JSON.stringify(mine));
    return mine.length === ids.size && mine.every((r) => r.status === 'done') ? mine : null;
  }, 30_000, `assignment runs of ${ruleId}`);
  const owners: string[] = [];
  for (const c of created) owners.push((await admin.get(`/api/v1/tickets/${c.id}`)).body.data.owner_id);
  return owners;
}

const tally = (owners: string[]) => owners.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});

describe('ticket assignment through the automation engine', () => {
  it('round-robin shares 12 concurrent tickets evenly, then skips an agent marked away', async () => {
    const team = await agents(3, '轮流');
    const group = await groupWith('轮流分配组', team);
    const rule = await assignRule(group, 'round_robin');
    const owners = await createAssigned(rule, group, Array.from({ length: 12 }, () => ({})));
    expect(tally(owners)).toEqual(Object.fromEntries(team.map((a) => [a.id, 4])));

    expect((await team[1].client.request('PUT', '/api/v1/service/away', { away: true })).status).toBe(200);
    const later = await createAssigned(rule, group, Array.from({ length: 6 }, () => ({})));
    expect(tally(later)).toEqual({ [team[0].id]: 3, [team[2].id]: 3 });
    await admin.patch(`/api/v1/automation/rules/${rule}`, { enabled: false });
  });

  it('least open picks the agent with the fewest open tickets; solved ones do not count', async () => {
    const team = await agents(3, '负载');
    const group = await groupWith('最少工单组', team);
    // Their load counts open tickets of any group (these have none, so the rule leaves them alone).
    for (let i = 0; i < 3; i++) await admin.create('tickets', { subject: `甲的工单 ${i}`, owner_id: team[0].id });
    await admin.create('tickets', { subject: '乙的工单', owner_id: team[1].id });
    for (let i = 0; i < 4; i++) await admin.create('tickets', { subject: `丙已解决 ${i}`, owner_id: team[2].id, status: 'solved' });
    await admin.create('tickets', { subject: '丙的工单', owner_id: team[2].id });
    const rule = await assignRule(group, 'least_open');
    // Loads 3/1/1: the two lightest get one each, then all are at 2 and take turns.
    const owners = await createAssigned(rule, group, [{}]);
    expect([team[1].id, team[2].id]).toContain(owners[0]);
    const next = await createAssigned(rule, group, [{}]);
    expect(next[0]).not.toBe(team[0].id);
    expect(next[0]).not.toBe(owners[0]);
    await admin.patch(`/api/v1/automation/rules/${rule}`, { enabled: false });
  });

  it('by category: the agents who handle the category, everybody when nobody does', async () => {
    const team = await agents(3, '技能');
    const group = await groupWith('技能分配组', team, { [team[0].id]: ['fault'], [team[2].id]: ['billing', 'fault'] });
    const members = (await admin.get(`/api/v1/support_groups/${group}/members`)).body.data as Array<{ id: string; categories: string[] }>;
    expect(members.find((m) => m.id === team[2].id)?.categories).toEqual(['billing', 'fault']);
    const bad = await admin.request('PUT', `/api/v1/support_groups/${group}/members`, { userIds: [team[0].id], categories: { [team[0].id]: ['astrology'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe(`categories.${team[0].id}`);

    const rule = await assignRule(group, 'category');
    const faults = await createAssigned(rule, group, Array.from({ length: 4 }, () => ({ category: 'fault' })));
    expect(tally(faults)).toEqual({ [team[0].id]: 2, [team[2].id]: 2 });
    expect(await createAssigned(rule, group, [{ category: 'billing' }])).toEqual([team[2].id]);
    const other = await createAssigned(rule, group, Array.from({ length: 3 }, () => ({ category: 'feature' })));
    expect(new Set(other).size).toBe(3);
    await admin.patch(`/api/v1/automation/rules/${rule}`, { enabled: false });
  });

  it('the cursor lock keeps 12 transactions picking at the same time fair', async () => {
    const team = await agents(4, '并发');
    const group = await groupWith('并发锁组', team);
    const db = t.crm.handle.db;
    const picks = await Promise.all(Array.from({ length: 12 }, () => db.transaction().execute((trx) => pickAgent(trx, group, 'round_robin', null, true))));
    expect(tally(picks.map((p) => p!.id))).toEqual(Object.fromEntries(team.map((a) => [a.id, 3])));
  });

  it('refuses the action on other objects and names a bad strategy', async () => {
    const onLeads = await admin.post('/api/v1/automation/rules', { name: 'x', object: 'leads', trigger: { kind: 'record_created' }, actions: [{ type: 'assign_ticket', strategy: 'round_robin' }] });
    expect(onLeads.status).toBe(400);
    expect(onLeads.body.error.details[0].path).toMatch(/^actions\.0/);
    const badStrategy = await admin.post('/api/v1/automation/rules', { name: 'x', object: 'tickets', trigger: { kind: 'record_created' }, actions: [{ type: 'assign_ticket', strategy: 'random' }] });
    expect(badStrategy.status).toBe(400);
    expect(badStrategy.body.error.details[0].path).toBe('actions.0.strategy');
  });
});
