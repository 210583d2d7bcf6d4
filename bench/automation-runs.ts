/**
 * Automation under an import: N leads imported through the API while a prober keeps asking
 * GET /api/v1/customers (one request at a time, like a user clicking), a "record created" rule that
 * matches half of them (update_fields) and one that matches none. Measures the import, how fast
 * the runs drain (runs/s between the first and the last finished run), then a manual backup, and
 * the prober's p50, p95, p99 and worst latency in each phase. Prints a table; figures go to docs/performance.md by hand.
 *
 *   npm run bench:automation-runs -- [--db pglite|postgres] [--n 30000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { ensureFirstAdmin } from '../apps/server/src/accounts/bootstrap.js';
import { createSession } from '../apps/server/src/accounts/sessions.js';
import { automationOf, BULK_BATCH } from '../apps/server/src/modules/automation/index.js';
import { executeRunBatch } from '../apps/server/src/modules/automation/runs/execute-batch.js';
import { BULK_RUNS_QUEUE } from '../apps/server/src/modules/automation/runs/plan-run.js';
import { createCrm } from '../apps/server/src/server.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const n = Number(arg('n', '30000'));
const loadAtStart = (await import('node:os')).loadavg()[0];
const kind = arg('db', 'pglite');
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_automation_runs';
process.env.AUTOMATION_SCAN_MS = '3600000';

const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'crm-bench-runs-')) : undefined;
const backupDir = mkdtempSync(join(tmpdir(), 'crm-bench-runs-backups-'));
process.env.CRM_BACKUP_DIR = backupDir;
if (kind === 'postgres') {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_boss CASCADE; CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
  await admin.end();
}
const crm = await createCrm({ database: kind === 'postgres' ? { url: PG_ADMIN_URL, schema: SCHEMA } : { dataDir }, jobs: true });
const db = crm.handle.db;
await ensureFirstAdmin(db, 'admin@bench.local', 'bench-runs-12345');
const adminId = (await db.selectFrom('users').select('id').where('email', '=', 'admin@bench.local').executeTakeFirstOrThrow()).id;
const cookie = `crm_session=${await createSession(db, adminId)}`;
await crm.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(crm.app.server.address() as AddressInfo).port}`;

async function call(method: string, path: string, body?: unknown, raw?: Buffer): Promise<any> {
  // A kept-alive socket the server closed while the loop was busy (ECONNRESET): asked again.
  const res = await fetch(base + path, {
    method,
    headers: { cookie, origin: base, ...(raw ? { 'content-type': 'application/octet-stream' } : body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: raw ? new Uint8Array(raw) : body !== undefined ? JSON.stringify(body) : undefined,
  }).catch(() => null);
  if (!res) return call(method, path, body, raw);
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** One request at a time against the customer list, each latency tagged with the phase it fell in. */
let phase = 'idle';
const latencies = new Map<string, number[]>();
let probing = true;
const prober = (async () => {
  while (probing) {
    const t = performance.now();
    const at = phase;
    try {
      await call('GET', '/api/v1/customers?limit=50');
      latencies.set(at, [...(latencies.get(at) ?? []), performance.now() - t]);
    } catch (error) {
      console.error('[probe]', (error as Error).message); // a reset keep-alive socket: ask again
    }
    await new Promise((r) => setTimeout(r, 20));
  }
})();

async function maxOutboxId() {
  const { rows } = await sql<{ id: string | null }>`SELECT max(id) AS id FROM outbox`.execute(db);
  return Number(rows[0].id ?? 0);
}

try {
  await sql`INSERT INTO customers (name, status) SELECT '基准客户' || g, 'active' FROM generate_series(1, 2000) g`.execute(db);
  await sql`UPDATE automation_rules SET enabled = false`.execute(db);
  const rule = (body: object) => call('POST', '/api/v1/automation/rules', { enabled: true, object: 'leads', trigger: { kind: 'record_created' }, ...body });
  const matching = (await rule({ name: '广告线索', conditions: { field: 'source', op: 'eq', value: 'ads' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: '广告线索' }] }] })).data.id;
  const none = (await rule({ name: '无匹配', conditions: { field: 'company', op: 'eq', value: '不存在的公司' }, actions: [{ type: 'update_fields', updates: [{ op: 'set', field: 'title', value: 'x' }] }] })).data.id;
  await new Promise((r) => setTimeout(r, 1500));

  // The bulk worker is paused during the import so its runs pile up; the drain below then times the
  // executor alone (what the worker runs per fetch of BULK_BATCH), in wall and CPU time.
  const automation = automationOf(crm.modules);
  await automation.boss!.offWork(BULK_RUNS_QUEUE);

  // ---- import: n leads, every second one from ads ----
  const lines = ['姓名,公司,来源,邮箱'];
  for (let i = 0; i < n; i++) lines.push(`线索${i},公司${i % 997},${i % 2 ? 'ads' : 'website'},lead${i}@bench.cn`);
  phase = 'import';
  const t0 = performance.now();
  const up = await call('POST', '/api/v1/imports?object=leads&fileName=leads.csv', undefined, Buffer.from(lines.join('\n')));
  const id = up.data.id;
  await call('PATCH', `/api/v1/imports/${id}`, { mapping: { name: 0, company: 1, source: 2, email: 3 }, options: { dedupe: { policy: 'create', keys: ['email'] } } });
  await call('POST', `/api/v1/imports/${id}/run`);
  for (;;) {
    const status = (await call('GET', `/api/v1/imports/${id}`)).data.status;
    if (status === 'done') break;
    if (status === 'failed') throw new Error('import failed');
    await new Promise((r) => setTimeout(r, 200));
  }
  const importS = (performance.now() - t0) / 1000;
  console.error(`[bench] import done in ${importS.toFixed(1)} s`);

  // ---- drain: every planned run of the matching rule, BULK_BATCH per batch as the worker does ----
  phase = 'runs';
  const expected = Math.floor(n / 2);
  for (;;) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM automation_runs WHERE rule_id = ${matching}`.execute(db);
    if (Number(rows[0].n) >= expected) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const { rows: pendingRows } = await sql<{ id: string }>`SELECT id FROM automation_runs WHERE rule_id = ${matching} AND status = 'pending' ORDER BY started_at`.execute(db);
  const outboxBefore = await maxOutboxId();
  const cpu0 = process.cpuUsage();
  const d0 = performance.now();
  for (let i = 0; i < pendingRows.length; i += BULK_BATCH) await executeRunBatch(automation, pendingRows.slice(i, i + BULK_BATCH).map((r) => r.id));
  const drainS = (performance.now() - d0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const drainCpuS = (cpu.user + cpu.system) / 1e6;
  const { rows: doneRows } = await sql<{ n: string }>`SELECT count(*) AS n FROM automation_runs WHERE rule_id = ${matching} AND status = 'done'`.execute(db);
  const drained = pendingRows.length;
  console.error(`[bench] ${drained} runs drained in ${drainS.toFixed(1)} s, ${drainCpuS.toFixed(1)} CPU s`);

  // ---- the events the runs' own writes made: outbox rows, and how long until the bus has handled them ----
  phase = 'events';
  const drainEvents = (await maxOutboxId()) - outboxBefore;
  const cpuE = process.cpuUsage();
  const e0 = performance.now();
  for (;;) {
    await crm.jobs!.relayOutbox();
    const { rows: left } = await sql<{ n: string }>`SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL`.execute(db);
    if (Number(left[0].n) === 0 && (await automation.boss!.getQueueSize('record-events', { before: 'completed' })) === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const eventsS = (performance.now() - e0) / 1000;
  const eventsCpu = process.cpuUsage(cpuE);
  const eventsCpuS = (eventsCpu.user + eventsCpu.system) / 1e6;
  console.error(`[bench] ${drainEvents} events handled ${eventsS.toFixed(1)} s after the drain`);

  // ---- a manual backup ----
  phase = 'backup';
  const b0 = performance.now();
  await call('POST', '/api/v1/admin/backups');
  const backupS = (performance.now() - b0) / 1000;
  phase = 'after';
  await new Promise((r) => setTimeout(r, 300));
  probing = false;
  await prober;

  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const p = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
    return `${s.length} | ${p(0.5).toFixed(0)} | ${p(0.95).toFixed(0)} | ${p(0.99).toFixed(0)} | ${(s.at(-1) ?? 0).toFixed(0)}`;
  };
  console.log(`\nload average at start ${loadAtStart.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
  console.log(`\n${kind}, ${n} leads imported, ${drained} runs (rule matching half; a second rule matching none planned ${(await db.selectFrom('automation_runs').select(db.fn.countAll().as('n')).where('rule_id', '=', none).executeTakeFirstOrThrow()).n} runs)\n`);
  console.log('| measure | value |\n|---|---|');
  console.log(`| import (upload → done) | ${importS.toFixed(1)} s (${Math.round(n / importS)} rows/s) |`);
  console.log(`| runs executed (batches of ${BULK_BATCH}) | ${drained} in ${drainS.toFixed(1)} s: ${(drained / drainS).toFixed(0)} runs/s; ${drainCpuS.toFixed(1)} CPU s: ${(drained / Math.max(drainCpuS, 0.001)).toFixed(0)} runs per CPU second (server and, on PGlite, the database) |`);
  console.log(`| runs done / expected | ${doneRows[0].n} / ${expected} |`);
  console.log(`| events (outbox rows, each one event job) written by the runs | ${drainEvents} |`);
  console.log(`| those events handled by the bus, after the drain | ${eventsS.toFixed(1)} s, ${eventsCpuS.toFixed(1)} CPU s |`);
  console.log(`| manual backup | ${backupS.toFixed(1)} s |`);
  console.log('\nGET /api/v1/customers?limit=50, one at a time\n\n| phase | requests | p50 ms | p95 ms | p99 ms | worst ms |\n|---|---|---|---|---|---|');
  for (const p of ['idle', 'import', 'runs', 'events', 'backup']) console.log(`| ${p} | ${stats(latencies.get(p) ?? [])} |`);
} finally {
  probing = false;
  await prober.catch(() => undefined);
  await crm.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  rmSync(backupDir, { recursive: true, force: true });
}
