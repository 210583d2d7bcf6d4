/**
 * Cost of the automation time-trigger scan at scale: N tasks with due times spread over two years,
 * a "1 hour before due" rule and a "no follow-up for 14 days" rule on customers, then the scanner
 * run tick after tick (the clock moves one minute per tick, as in production). Each tick must stay
 * an index range scan, not a walk over the table. Prints a table; does not touch docs/performance.md.
 *
 *   npm run bench:automation -- [--db pglite|postgres] [--n 1000000] [--ticks 60]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { automationOf } from '../apps/server/src/modules/automation/index.js';
import { createCrm } from '../apps/server/src/server.js';

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const n = Number(arg('n', '100000'));
const ticks = Number(arg('ticks', '60'));
const kind = arg('db', 'pglite');
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_automation';

const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'crm-bench-automation-')) : undefined;
if (kind === 'postgres') {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_boss CASCADE; CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
  await admin.end();
}
const crm = await createCrm({ database: kind === 'postgres' ? { url: PG_ADMIN_URL, schema: SCHEMA } : { dataDir }, jobs: false });
const db = crm.handle.db;
const automation = automationOf(crm.modules);
const start = new Date('2027-01-01T00:00:00Z');

try {
  // ---- seed: N tasks due every few minutes over two years, N/10 customers last followed up over a year ----
  const t0 = Date.now();
  const span = 2 * 365 * 86_400;
  for (let done = 0; done < n; done += 100_000) {
    const count = Math.min(100_000, n - done);
    await sql`INSERT INTO tasks (title, status, priority, due_at)
      SELECT 'bench task ' || g, CASE WHEN g % 5 = 0 THEN 'done' ELSE 'open' END, 'normal',
             ${start}::timestamptz - interval '1 year' + (g::double precision / ${n} * ${span}) * interval '1 second'
      FROM generate_series(${done + 1}::int, ${done + count}::int) g`.execute(db);
    await sql`INSERT INTO customers (name, status, last_activity_at)
      SELECT 'bench customer ' || g, 'active', ${start}::timestamptz - interval '1 year' + (g::double precision / ${n} * ${span}) * interval '1 second'
      FROM generate_series(${done + 1}::int, ${done + count}::int) g WHERE g % 10 = 0`.execute(db);
  }
  await sql`ANALYZE tasks`.execute(db);
  await sql`ANALYZE customers`.execute(db);
  const seedS = (Date.now() - t0) / 1000;

  // ---- the rules: the shipped task reminder (enabled) and a stale-customer rule ----
  await db.updateTable('automation_rules').set({ enabled: false }).execute();
  const insert = (name: string, object: string, trigger: object) =>
    db
      .insertInto('automation_rules')
      .values({ name, object, trigger: JSON.stringify(trigger), conditions: JSON.stringify({ field: 'status', op: 'ne', value: 'done' }), actions: '[]', enabled: true, builtin_key: null, scanned_until: null })
      .execute();
  await insert('bench: 1 hour before due', 'tasks', { kind: 'time_relative', field: 'due_at', amount: 1, unit: 'hours', direction: 'before' });
  await insert('bench: 14 days without follow-up', 'customers', { kind: 'no_activity', days: 14 });
  const { ensureScanIndexes } = await import('../apps/server/src/modules/automation/triggers/scan-due.js');
  await ensureScanIndexes(db, crm.engine.metadata.get('tasks'), { trigger: { kind: 'time_relative', field: 'due_at' } });
  await ensureScanIndexes(db, crm.engine.metadata.get('customers'), { trigger: { kind: 'no_activity' } });
  await automation.scanDue(start);

  // ---- ticks: one minute each ----
  const times: number[] = [];
  let planned = 0;
  for (let i = 1; i <= ticks; i++) {
    const t = performance.now();
    planned += await automation.scanDue(new Date(start.getTime() + i * 60_000));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT t.id FROM tasks t
    WHERE t.due_at > ${new Date(start.getTime() + 3_600_000)} AND t.due_at <= ${new Date(start.getTime() + 3_660_000)} AND t.deleted_at IS NULL
    ORDER BY t.due_at LIMIT 1000`.execute(db);
  const rows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM automation_runs`.execute(db)).rows[0].n);

  console.log(`\n### Automation time-trigger scan (${kind}, ${n.toLocaleString('en')} tasks, ${(n / 10).toLocaleString('en')} customers)\n`);
  console.log(`Seeded in ${seedS.toFixed(0)} s. ${ticks} ticks of one minute each over 2 rules; ${planned} runs planned (${rows} rows in automation_runs).\n`);
  console.log('| measure | value |\n|---|---|');
  console.log(`| scan tick p50 | ${pct(50).toFixed(1)} ms |`);
  console.log(`| scan tick p95 | ${pct(95).toFixed(1)} ms |`);
  console.log(`| scan tick max | ${times[times.length - 1].toFixed(1)} ms |`);
  console.log(`| runs planned per tick (avg) | ${(planned / ticks).toFixed(1)} |`);
  console.log(`\nPlan of the due-time query:\n\n    ${plan.rows.map((r) => r['QUERY PLAN']).join('\n    ')}\n`);
} finally {
  await crm.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_boss CASCADE`);
    await admin.end();
  }
}
