/**
 * Customer service at scale: N tickets (80 % solved over the past year, 20 % open with due times
 * around "now") in 20 support groups and 50 agents, seeded set-based. Times the SLA scan
 * (runSlaScan, one tick per minute), an agent's queue (a group's open tickets by resolution due,
 * first page of 50, through the engine and as raw SQL) and the service dashboard (one month).
 *
 *   npm run bench:service-scan -- [--db pglite|postgres] [--n 100000] [--runs 7]
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { buildAccessContext } from '../apps/server/src/accounts/access-context.js';
import { computeServiceDashboard } from '../apps/server/src/modules/service-reports/dashboard/compute-service-dashboard.js';
import { period } from '../apps/server/src/modules/sales-reports/period.js';
import { runSlaScan } from '../apps/server/src/modules/service/sla/sla-scan.js';
import { createCrm } from '../apps/server/src/server.js';
import { timeRuns } from './schema-crm.js';

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const n = Number(arg('n', '100000'));
const runs = Number(arg('runs', '7'));
const kind = arg('db', 'pglite');
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_service';
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const dropSchema = async () => {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_boss CASCADE; CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
  await admin.end();
};
const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'crm-bench-service-')) : undefined;
if (kind === 'postgres') await dropSchema();
const crm = await createCrm({ database: kind === 'postgres' ? { url: PG_ADMIN_URL, schema: SCHEMA } : { dataDir }, jobs: false });
const db = crm.handle.db;
const now = new Date('2027-01-01T02:00:00Z');

const timed = (fn: () => Promise<unknown>) => timeRuns(fn, runs);

try {
  const t0 = Date.now();
  const role = await db.selectFrom('roles').select('id').where('key', '=', 'service_agent').executeTakeFirstOrThrow();
  await sql`INSERT INTO users (email, name, password_hash, role_id, locale, active)
    SELECT 'agent' || g || '@bench.local', '客服' || g, 'x', ${role.id}, 'zh-CN', true FROM generate_series(1, 50) g`.execute(db);
  await sql`INSERT INTO support_groups (name) SELECT '客服组 ' || g FROM generate_series(1, 20) g`.execute(db);
  const agents = (await db.selectFrom('users').select('id').where('email', 'like', '%@bench.local').orderBy('email').execute()).map((u) => u.id);
  const groups = (await sql<{ id: string }>`SELECT id FROM support_groups ORDER BY name`.execute(db)).rows.map((g) => g.id);
  const year = 365 * 86_400;
  for (let done = 0; done < n; done += 100_000) {
    const count = Math.min(100_000, n - done);
    // Open tickets (g % 5 = 0) fall due over the 70 days around now; the rest were solved within 0–3 days.
    await sql`INSERT INTO tickets (number, subject, status, priority, channel, support_group_id, owner_id, created_at, updated_at,
        first_responded_at, solved_at, first_response_due_at, resolution_due_at, sla_warn_at, sla_state, satisfaction)
      SELECT 'B-' || g, '工单 ' || g, s.status, (ARRAY['low','normal','high','urgent'])[1 + g % 4], 'email',
        (${groups}::uuid[])[1 + g % 20], (${agents}::uuid[])[1 + g % 50], s.created, s.created,
        s.created + (g % 600) * interval '1 minute', CASE WHEN s.open THEN NULL ELSE s.created + (g % 4320) * interval '1 minute' END,
        s.created + interval '240 minutes', s.due, s.due - interval '60 minutes',
        CASE WHEN NOT s.open THEN 'ok' WHEN s.due <= ${now} THEN 'breached' WHEN s.due - interval '60 minutes' <= ${now} THEN 'warning' ELSE 'ok' END,
        CASE WHEN NOT s.open AND g % 3 = 0 THEN 1 + g % 5 END
      FROM generate_series(${done + 1}::int, ${done + count}::int) g,
      LATERAL (SELECT g % 5 = 0 AS open,
        CASE WHEN g % 5 = 0 THEN (ARRAY['new','open','pending_customer'])[1 + g % 3] WHEN g % 7 = 0 THEN 'closed' ELSE 'solved' END AS status,
        ${now}::timestamptz - (g::double precision / ${n} * ${year}) * interval '1 second' AS created,
        ${now}::timestamptz + ((g::bigint * 7919) % 100800 - 50400) * interval '1 minute' AS due) s`.execute(db);
  }
  await sql`ANALYZE tickets`.execute(db);
  const seedS = (Date.now() - t0) / 1000;
  const cols = ['id', 'email', 'name', 'locale', 'role_id', 'team_id'] as const;
  const adminRole = await db.selectFrom('roles').select('id').where('key', '=', 'admin').executeTakeFirstOrThrow();
  await sql`INSERT INTO users (email, name, password_hash, role_id, locale, active) VALUES ('admin@bench.local', '管理员', 'x', ${adminRole.id}, 'zh-CN', true)`.execute(db);
  const ctx = await buildAccessContext(db, await db.selectFrom('users').select(cols).where('email', '=', 'admin@bench.local').executeTakeFirstOrThrow());

  // SLA scan: one tick per minute after now (the seed left no due flag behind).
  let minute = 0;
  let flagged = 0;
  const scan = await timed(async () => {
    const r = await runSlaScan(db, new Date(now.getTime() + ++minute * 60_000));
    flagged += r.warned + r.breached;
  });

  // groups[5] holds tickets with g % 20 = 5, a fifth of which are open.
  const group = groups[5];
  const queueFilter = { and: [{ field: 'support_group_id', op: 'eq' as const, value: group }, { field: 'status', op: 'in' as const, value: ['new', 'open'] }] };
  // An agent of that group: own tickets plus the group's, through the service module's scope reach.
  await sql`INSERT INTO support_group_members (group_id, user_id) VALUES (${group}, ${agents[0]})`.execute(db);
  const agentCtx = await buildAccessContext(db, await db.selectFrom('users').select(cols).where('id', '=', agents[0]).executeTakeFirstOrThrow());
  const queueAgent = await timed(() => crm.engine.records.list('tickets', { filter: queueFilter, sort: 'resolution_due_at', limit: 50 }, agentCtx));
  const queue = await timed(() => crm.engine.records.list('tickets', { filter: queueFilter, sort: 'resolution_due_at', limit: 50 }, ctx));
  const queueRaw = await timed(() => sql`SELECT * FROM tickets WHERE deleted_at IS NULL AND support_group_id = ${group} AND status IN ('new', 'open') ORDER BY resolution_due_at, id LIMIT 51`.execute(db));
  const month = period('2026-12-01', '2026-12-31', 'Asia/Shanghai');
  const dashboard = await timed(() => computeServiceDashboard({ engine: crm.engine, db, ctx }, month, 'Asia/Shanghai'));
  const dashboardGroup = await timed(() => computeServiceDashboard({ engine: crm.engine, db, ctx }, month, 'Asia/Shanghai', group));
  const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT * FROM tickets WHERE deleted_at IS NULL AND support_group_id = ${group} AND status IN ('new', 'open') ORDER BY resolution_due_at, id LIMIT 51`.execute(db);

  const ms = (s: { p50: number; max: number }) => `${s.p50.toFixed(1)} ms (max ${s.max.toFixed(1)})`;
  console.log(`\n### Customer service (${kind}, ${n.toLocaleString('en')} tickets, 20 groups, 50 agents)\n`);
  console.log(`Seeded in ${seedS.toFixed(0)} s; ${runs} timed runs after one warm-up each, p50 (max). Load (uptime) ${load()}.\n`);
  console.log('| measure | value |\n|---|---|');
  console.log(`| SLA scan tick (runSlaScan, ${flagged} flagged over ${minute} ticks) | ${ms(scan)} |`);
  console.log(`| agent queue: group's new/open by resolution due, 50 rows (engine) | ${ms(queue)} |`);
  console.log(`| same, raw SQL | ${ms(queueRaw)} |`);
  console.log(`| same, engine, as an agent of the group (scope own + group reach) | ${ms(queueAgent)} |`);
  console.log(`| dashboard, one month, all groups (admin) | ${ms(dashboard)} |`);
  console.log(`| dashboard, one month, one group | ${ms(dashboardGroup)} |`);
  console.log(`\nPlan of the queue query:\n\n    ${plan.rows.map((r) => r['QUERY PLAN']).join('\n    ')}\n`);
} finally {
  await crm.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'postgres') await dropSchema();
}
