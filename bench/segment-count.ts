/**
 * Counting dynamic segments over N contacts (default 1,000,000) and N/10 customers, seeded
 * set-based: "contacts of A-tier customers at high churn risk" (a condition on the related
 * customer, compiled to EXISTS) and "contacts created in the last 30 days" (a plain field). Each
 * count is the engine's one statement (as countSegment: scope + live rows + segment condition), timed
 * as an administrator and as a rep (scope own), with EXPLAIN ANALYZE of the statement.
 *
 *   npm run bench:segment-count -- [--db postgres|pglite] [--n 1000000] [--runs 7]
 */
import { sql } from 'kysely';
import { buildAccessContext } from '../apps/server/src/accounts/access-context.js';
import type { AccessContext } from '../apps/server/src/engine/permissions/access.js';
import { SYSTEM_CONTEXT } from '../apps/server/src/engine/permissions/access.js';
import { segmentCondition, type Segment } from '../apps/server/src/modules/marketing/segments/segment-service.js';
import { arg, loadAvg, log, medianOf, openBenchCrm } from './schema-crm.js';

const n = Number(arg('n', '1000000'));
const runs = Number(arg('runs', '7'));
const kind = arg('db', 'postgres');

const { crm, cleanup } = await openBenchCrm(kind, 'bench_segment_count');
const db = crm.handle.db;

const timed = (fn: () => Promise<unknown>) => medianOf(fn, runs);

try {
  const t0 = Date.now();
  const salesRole = await db.selectFrom('roles').select('id').where('key', '=', 'sales_rep').executeTakeFirstOrThrow();
  const adminRole = await db.selectFrom('roles').select('id').where('key', '=', 'admin').executeTakeFirstOrThrow();
  await sql`INSERT INTO users (email, name, password_hash, role_id, locale, active) VALUES ('admin@bench.local', '管理员', 'x', ${adminRole.id}, 'zh-CN', true)`.execute(db);
  await sql`INSERT INTO users (email, name, password_hash, role_id, locale, active)
    SELECT 'rep' || g || '@bench.local', '销售' || g, 'x', ${salesRole.id}, 'zh-CN', true FROM generate_series(1, 20) g`.execute(db);
  const reps = (await db.selectFrom('users').select('id').where('email', 'like', 'rep%@bench.local').orderBy('email').execute()).map((u) => u.id);
  const customers = Math.max(1, Math.floor(n / 10));
  // Tiers A/B/C 10/30/60 %, churn high for one in five: 2 % of customers are A at high risk.
  await sql`
    INSERT INTO customers (name, owner_id, value_tier, churn_level, churn_risk, created_at, updated_at)
    SELECT '客户 ' || g, (${reps}::uuid[])[1 + g % 20],
      CASE WHEN g % 10 = 0 THEN 'A' WHEN g % 10 < 4 THEN 'B' ELSE 'C' END,
      CASE WHEN (g / 10) % 5 = 1 THEN 'high' WHEN (g / 10) % 5 = 2 THEN 'medium' ELSE 'low' END, (g * 37) % 100, now(), now()
    FROM generate_series(1, ${customers}::int) g`.execute(db);
  const ids = (await sql<{ id: string }>`SELECT id FROM customers ORDER BY name`.execute(db)).rows.map((r) => r.id);
  for (let done = 0; done < n; done += 100_000) {
    const to = Math.min(n, done + 100_000);
    await sql`
      INSERT INTO contacts (name, customer_id, owner_id, created_at, updated_at)
      SELECT '联系人 ' || g, (${ids}::uuid[])[1 + ((g::bigint * 7919) % ${customers}::int)::int], (${reps}::uuid[])[1 + (g * 31) % 20],
        now() - (g % 720) * interval '1 day', now()
      FROM generate_series(${done + 1}::int, ${to}::int) g`.execute(db);
  }
  await sql`VACUUM ANALYZE customers`.execute(db).catch(() => sql`ANALYZE customers`.execute(db));
  await sql`VACUUM ANALYZE contacts`.execute(db).catch(() => sql`ANALYZE contacts`.execute(db));
  const seedS = (Date.now() - t0) / 1000;
  log(`seeded ${customers} customers and ${n} contacts in ${seedS.toFixed(0)} s (load ${loadAvg()})`);

  const cols = ['id', 'email', 'name', 'locale', 'role_id', 'team_id'] as const;
  const adminCtx = await buildAccessContext(db, await db.selectFrom('users').select(cols).where('email', '=', 'admin@bench.local').executeTakeFirstOrThrow());
  const repCtx = await buildAccessContext(db, await db.selectFrom('users').select(cols).where('id', '=', reps[3]).executeTakeFirstOrThrow());
  const segment = async (name: string, filter: unknown) =>
    (await crm.engine.records.create('segments', { name, kind: 'dynamic', object: 'contacts', filter: JSON.stringify(filter) }, SYSTEM_CONTEXT)).id as string;
  const atRisk = await segment('A 类高风险客户的联系人', { related: 'customer_id', filter: { and: [{ field: 'value_tier', op: 'eq', value: 'A' }, { field: 'churn_level', op: 'eq', value: 'high' }] } });
  const recent = await segment('近 30 天新增联系人', { field: 'created_at', op: 'gte', value: { daysAgo: 30 } });

  // The statement countSegment runs (engine scope + live rows + the segment's condition), built from the stored segment.
  const where = async (id: string, ctx: AccessContext) => {
    const segment = (await sql<Segment>`SELECT id, kind, object, filter FROM segments WHERE id = ${id}`.execute(db)).rows[0];
    return crm.engine.records.whereClause(crm.engine.metadata.get('contacts'), { extra: [segmentCondition(crm.engine, segment, ctx)] }, ctx);
  };
  const count = async (id: string, ctx: AccessContext) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM contacts t WHERE ${await where(id, ctx)}`.execute(db)).rows[0].n);
  const explain = async (id: string, ctx: AccessContext) => {
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT count(*) FROM contacts t WHERE ${await where(id, ctx)}`.execute(db);
    return plan.rows.map((r) => r['QUERY PLAN']).join('\n    ');
  };
  const rows: string[] = [];
  const plans: string[] = [];
  for (const [label, id] of [['contacts of A-tier customers at high churn risk (related customer)', atRisk], ['contacts created in the last 30 days', recent]] as const) {
    const total = await count(id, adminCtx);
    const repTotal = await count(id, repCtx);
    rows.push(`| ${label}, admin: ${total.toLocaleString('en')} | ${await timed(() => count(id, adminCtx))} |`);
    rows.push(`| same, a rep (scope own): ${repTotal.toLocaleString('en')} | ${await timed(() => count(id, repCtx))} |`);
    plans.push(`Plan (admin), ${label}:\n\n    ${await explain(id, adminCtx)}\n`);
  }
  console.log(`\n### Segment count (${kind}, ${n.toLocaleString('en')} contacts, ${customers.toLocaleString('en')} customers)\n`);
  console.log(`Seeded in ${seedS.toFixed(0)} s; ${runs} timed runs after one warm-up, p50 (max). Load (uptime) at the end: ${loadAvg()}.\n`);
  console.log('| segment count (one statement) | time |\n|---|---|');
  console.log(rows.join('\n'));
  console.log(`\n${plans.join('\n')}`);
} finally {
  await cleanup();
}
