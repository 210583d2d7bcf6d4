import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_PASSWORD, DEMO_USERS, loadDemoData, type DemoSummary } from '../src/modules/demo/index.js';
import { findTerritoryTeam } from '../src/modules/automation/territories/find-territory.js';
import { createCrm, type Crm } from '../src/server.js';

let crm: Crm;
let summary: DemoSummary;

beforeAll(async () => {
  crm = await createCrm({ database: {} });
  summary = await loadDemoData(crm);
});
afterAll(async () => {
  await crm?.close();
});

async function login(email: string) {
  const res = await crm.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: DEMO_PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = String(res.headers['set-cookie'] ?? '').split(';')[0];
  return async (url: string) => {
    const r = await crm.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(r.statusCode).toBe(200);
    return r.json();
  };
}

async function countOf(table: string, where = sql`true`) {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${where}`.execute(crm.handle.db);
  return Number(rows[0].n);
}

const userId = async (email: string) => (await crm.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

describe('demo data', () => {
  it('creates teams, users and records of every kind', async () => {
    expect(summary.skipped).toBe(false);
    expect(await countOf('teams')).toBe(3);
    // Every team has a lead, so "notify the owner's manager" reaches someone: 华东 (and its 上海组) → 王建国, 华北 → 赵志强.
    const leads = await crm.handle.db.selectFrom('teams').innerJoin('users', 'users.id', 'teams.lead_user_id').select(['teams.name as team', 'users.name as lead']).execute();
    expect(leads.sort((a, b) => (a.team < b.team ? -1 : 1))).toEqual([
      { team: '华东销售部', lead: '王建国' },
      { team: '华东销售部·上海组', lead: '王建国' },
      { team: '华北销售部', lead: '赵志强' },
    ]);
    expect(await countOf('users')).toBe(DEMO_USERS.length);
    expect(await countOf('customers')).toBe(40);
    expect(await countOf('contacts')).toBeGreaterThanOrEqual(40);
    expect(await countOf('leads')).toBeGreaterThanOrEqual(10);
    const stages = await crm.handle.db.selectFrom('deals' as never).select(sql<string>`stage`.as('stage')).groupBy(sql`stage`).execute();
    expect(new Set(stages.map((s) => s.stage))).toEqual(new Set(['initial', 'qualified', 'proposal', 'negotiation', 'won', 'lost']));
    const types = await sql<{ type: string }>`SELECT DISTINCT type FROM activities`.execute(crm.handle.db);
    expect(new Set(types.rows.map((r) => r.type))).toEqual(new Set(['call', 'visit', 'meeting', 'email', 'wechat', 'note']));
    expect(await countOf('tasks', sql`status = 'open' AND due_at < now()`)).toBeGreaterThan(0);
    expect(await countOf('tasks', sql`status = 'done'`)).toBeGreaterThan(0);
    expect(await countOf('customers', sql`cardinality(tags) > 0`)).toBeGreaterThan(0);
    expect(await countOf('customers', sql`region->>'province' = '上海市'`)).toBeGreaterThan(0);
    expect(await countOf('customers', sql`owner_id IS NULL`)).toBeGreaterThan(0); // public pool
    // Records went through the engine: audit entries with real actors, the last-activity hook ran.
    expect(await countOf('audit_log', sql`action = 'create' AND actor_id IS NOT NULL`)).toBeGreaterThan(100);
    expect(await countOf('audit_log', sql`object = 'deals' AND action = 'update'`)).toBeGreaterThan(0);
    expect(await countOf('customers', sql`last_activity_at IS NOT NULL`)).toBeGreaterThan(20);
  });

  it('ships territories that route every owned demo lead to its owner\'s department', async () => {
    const db = crm.handle.db;
    const leads = await sql<{ name: string; region: unknown; team_id: string }>`
      SELECT l.name, l.region, u.team_id FROM leads l JOIN users u ON u.id = l.owner_id`.execute(db);
    expect(leads.rows.length).toBeGreaterThan(5);
    const teams = await db.selectFrom('teams').select(['id', 'parent_id']).execute();
    const department = (id: string) => teams.find((t) => t.id === id)?.parent_id ?? id;
    for (const lead of leads.rows) {
      const hit = await findTerritoryTeam(db, { region: lead.region });
      expect(hit?.teamId, lead.name).toBe(department(lead.team_id));
    }
  });

  it('finds Chinese names through search', async () => {
    const get = await login(DEMO_USERS[0].email);
    const res = await get(`/api/v1/search?q=${encodeURIComponent('云帆')}`);
    expect(res.data.some((h: { title: string }) => h.title === '上海云帆科技有限公司')).toBe(true);
  });

  it('shows a rep only their own customers, and a manager only their team’s', async () => {
    const rep = DEMO_USERS.find((u) => u.key === 'east_rep2')!;
    const repId = await userId(rep.email);
    const repList = await (await login(rep.email))('/api/v1/customers?limit=500&count=true');
    expect(repList.data.length).toBeGreaterThan(0);
    expect(repList.data.every((c: { owner_id: string }) => c.owner_id === repId)).toBe(true);

    const east = await Promise.all(DEMO_USERS.filter((u) => u.team.startsWith('east')).map((u) => userId(u.email)));
    const mgrList = await (await login(DEMO_USERS.find((u) => u.key === 'east_mgr')!.email))('/api/v1/customers?limit=500');
    expect(mgrList.data.length).toBeGreaterThan(repList.data.length);
    expect(mgrList.data.every((c: { owner_id: string }) => east.includes(c.owner_id))).toBe(true);
    // The sub-team's members (上海组) are part of the manager's team scope.
    expect(mgrList.data.some((c: { owner_id: string }) => c.owner_id === repId)).toBe(true);
    expect(mgrList.data.some((c: { name: string }) => c.name === '北京智联云图科技有限公司')).toBe(false);
  });

  it('does nothing the second time', async () => {
    const before = await countOf('customers');
    const again = await loadDemoData(crm);
    expect(again.skipped).toBe(true);
    expect(await countOf('customers')).toBe(before);
  });
});
