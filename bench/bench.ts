/**
 * The benchmark: seed N customers, time the raw SQL of each scenario (the floor), then start the
 * real server over HTTP and load it with autocannon. See docs/performance.md for how to read it.
 *
 *   npm run bench -- [--db pglite|postgres|both] [--n 100000] [--duration 10] [--quick] [--reseed]
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { buildAccessContext } from '../apps/server/src/accounts/access-context.js';
import { openDatabase, type DatabaseOptions } from '../apps/server/src/db/connection.js';
import type { Database } from '../apps/server/src/db/types.js';
import { createEngine } from '../apps/server/src/engine/index.js';
import { EventBus } from '../apps/server/src/engine/jobs/event-bus.js';
import { globalSearch } from '../apps/server/src/engine/search/global-search.js';
import { MODULES } from '../apps/server/src/modules/index.js';
import { DuplicateChecker } from '../apps/server/src/modules/duplicates/check-duplicates.js';
import { findDuplicateGroups } from '../apps/server/src/modules/duplicates/find-duplicate-groups.js';
import { rebuildKeys } from '../apps/server/src/modules/duplicates/key-index.js';
import { objectsWithRules } from '../apps/server/src/modules/duplicates/rules.js';
import { createCrm } from '../apps/server/src/server.js';
import { exportTable, measureExport, type ExportRun } from './export.js';
import { ADMIN_EMAIL, PASSWORD, seed } from './seed.js';
import { serverNodeArgs } from '../scripts/server-node-args.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_DB = process.env.BENCH_PG_DB ?? 'crm_bench';

// ---------- arguments ----------
function arg(name: string, fallback?: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const quick = process.argv.includes('--quick');
const reseed = process.argv.includes('--reseed');
const n = Number(arg('n', quick ? '10000' : '100000'));
const duration = Number(arg('duration', quick ? '3' : '10'));
const connections = Number(arg('connections', '10'));
const port = Number(arg('port', '3310'));
const which = arg('db', 'both')!;
const dbs = which === 'both' ? ['pglite', 'postgres'] : [which];
/** --only list,search: re-run just the scenarios whose names start with these words (results merge into the last run). */
const only = arg('only')?.split(',').map((s) => s.trim()).filter(Boolean);
const wanted = (scenario: string) => !only || only.some((o) => scenario.startsWith(o));
if (!Number.isInteger(n) || n < 100) throw new Error('--n must be an integer ≥ 100');
if (port === 3000) throw new Error('port 3000 is reserved');

const log = (msg: string) => console.log(msg);

// ---------- stats ----------
function pct(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
interface Stat { p50: number; p95: number; p99: number; count: number }
function stats(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), count: s.length };
}

// ---------- database preparation ----------
function databaseOptions(kind: string): DatabaseOptions {
  if (kind === 'postgres') return { url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${PG_DB}`) };
  return { dataDir: join(tmpdir(), `crm-bench-pglite-${n}`) };
}

/** Whether a previous run left a seeded database of the same size; otherwise start from empty. */
async function prepare(kind: string): Promise<boolean> {
  const options = databaseOptions(kind);
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DB])).rowCount;
      if (exists && !reseed) {
        const probe = new pg.Client({ connectionString: options.url });
        await probe.connect();
        const seeded = await probe.query(`SELECT value FROM bench_meta WHERE key = 'n'`).then((r) => r.rows[0]?.value, () => null);
        await probe.end();
        if (seeded === String(n)) return true;
      }
      await admin.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${PG_DB}`);
      // Every session (the engine's pool builds the indexes) gets enough memory for fast GIN builds.
      await admin.query(`ALTER DATABASE ${PG_DB} SET maintenance_work_mem = '512MB'`);
    } finally {
      await admin.end();
    }
    return false;
  }
  const marker = join(options.dataDir!, 'bench-seeded');
  if (existsSync(marker) && !reseed) return true;
  rmSync(options.dataDir!, { recursive: true, force: true });
  return false;
}

async function seedIfNeeded(kind: string) {
  if (await prepare(kind)) {
    log(`  reusing the seeded ${kind} database (${n.toLocaleString()} customers; --reseed to rebuild)`);
    // Migrates a database seeded by an older version; closing waits for the duplicates module to
    // build match keys of records that have none yet.
    await (await createCrm({ database: databaseOptions(kind) })).close();
    return;
  }
  log(`  seeding ${n.toLocaleString()} customers into ${kind}…`);
  const options = databaseOptions(kind);
  const crm = await createCrm({ database: options });
  try {
    await seed(crm, n, log);
    // The seed writes rows with SQL, past the engine's hooks: build the duplicate match keys once.
    for (const object of objectsWithRules()) {
      const t = Date.now();
      const count = await rebuildKeys(crm.handle.db, object);
      log(`  duplicate match keys of ${count.toLocaleString()} ${object} built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    await crm.handle.pool.query(`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)`);
    await crm.handle.pool.query(`INSERT INTO bench_meta VALUES ('n', $1) ON CONFLICT (key) DO UPDATE SET value = $1`, [String(n)]);
  } finally {
    await crm.close();
  }
  if (kind === 'pglite') writeFileSync(join(options.dataDir!, 'bench-seeded'), String(n));
}

// ---------- scenarios ----------
const LIST_QUERY = { filter: { field: 'status', op: 'eq' as const, value: 'active' }, sort: '-created_at', limit: 50 };
const LIST_PATH = `/api/v1/customers?filter=${encodeURIComponent(JSON.stringify(LIST_QUERY.filter))}&sort=-created_at&limit=50`;
const SEARCHES: Record<string, string[]> = {
  'search: 2 Chinese chars': ['张伟', '科技', '云帆', '王芳', '物流', '李娜'],
  'search: pinyin': ['zhangwei', 'wangf', 'yunfan', 'lina', 'zw', 'chenj'],
  'search: email prefix': ['zhangwei1', 'info@c1', 'sales@c2', 'wangfang', 'lijing3', 'contact@c3'],
};

interface Samples { customerIds: string[]; updateIds: string[]; contactProbes: Record<string, unknown>[] }

/** A finder cursor that starts at the fuzzy (similar company name) pages of customers, past every exact group. */
const FUZZY_CURSOR = Buffer.from(JSON.stringify({ mode: 'fuzzy', rule: 'company_name', kind: 'n', value: '' })).toString('base64url');

interface Row {
  scenario: string;
  raw?: Stat;
  http?: Stat & { rps: number; errors: number; requests: number };
  /** One request at a time: the service time, without queueing behind the other connections. */
  single?: Stat;
  /** 1-minute load average when the scenario started: other work on the machine skews the figures. */
  load?: number;
}

/**
 * Runs the engine's own code with a query log on, then replays the captured SQL statements
 * back-to-back on one connection: the time the database needs for the same work, without HTTP,
 * JSON or engine overhead.
 */
async function measureFloor(kind: string): Promise<{ rows: Row[]; samples: Samples }> {
  const handle = await openDatabase(databaseOptions(kind));
  let capture: CompiledQuery[] | null = null;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: handle.pool }),
    log: (event) => {
      if (capture && event.level === 'query' && !/meta_fields/.test(event.query.sql)) capture.push(event.query);
    },
  });
  const engine = createEngine(db);
  for (const module of MODULES) module.register?.({ engine, bus: new EventBus(), db, handle });
  await engine.metadata.reload();
  const user = await db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow();
  const ctx = await buildAccessContext(db, user);
  const ids = (await handle.pool.query(`SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY random() LIMIT 4000`)).rows.map((r) => r.id as string);
  const half = Math.ceil(ids.length / 2);
  // Existing contacts re-entered as new ones: each check finds at least that contact.
  const contactProbes = (await handle.pool.query(`SELECT name, company, email, mobile FROM contacts WHERE deleted_at IS NULL ORDER BY random() LIMIT 300`)).rows;
  const samples: Samples = { customerIds: ids.slice(0, half), updateIds: ids.slice(half), contactProbes };
  const capturedBy = async (fn: () => Promise<unknown>) => {
    capture = [];
    await fn();
    const out = capture;
    capture = null;
    return out;
  };
  // PGlite has a single connection: capture first (through Kysely), then take the connection to replay.
  const replay = async (client: pg.PoolClient, queries: CompiledQuery[], inTx: boolean) => {
    const t = performance.now();
    const tx = inTx && !queries.some((q) => /^begin/i.test(q.sql));
    if (tx) await client.query('BEGIN');
    for (const q of queries) await client.query(q.sql, q.parameters as unknown[]);
    if (tx) await client.query('COMMIT');
    return performance.now() - t;
  };
  const iterations = quick ? 100 : 300;
  // Heavy scenarios (a page of the duplicate finder) pass fewer runs.
  const timeAll = async (make: (i: number) => Promise<CompiledQuery[]>, inTx = false, runs = iterations) => {
    const lists: CompiledQuery[][] = [];
    for (let i = 0; i < Math.min(runs, 60); i++) lists.push(await make(i));
    const client = await handle.pool.connect();
    try {
      for (const l of lists.slice(0, Math.min(10, Math.ceil(runs / 10)))) await replay(client, l, inTx); // warm-up
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await replay(client, lists[i % lists.length], inTx));
      return stats(times);
    } finally {
      client.release();
    }
  };
  const rows: Row[] = [];
  try {
    const push = async (scenario: string, measure: () => Promise<Stat>) => {
      if (!wanted(scenario)) return;
      const raw = await measure();
      log(`  floor: ${scenario.padEnd(44)} p50 ${fmt(raw.p50)} p99 ${fmt(raw.p99)} ms`);
      rows.push({ scenario, raw });
    };
    await push('list: status=active, -created_at, 50 rows', async () => timeAll(() => capturedBy(() => engine.records.list('customers', LIST_QUERY, ctx))));
    await push('360° view: get + related + timeline', () =>
      timeAll((i) =>
        capturedBy(async () => {
          const id = samples.customerIds[i];
          const meta = engine.metadata.get('customers');
          await engine.records.get('customers', id, ctx);
          await engine.related.relatedLists(meta, id, ctx);
          await engine.related.timeline(meta, id, ctx);
        }),
      ),
    );
    await push('create customer', () => timeAll((i) => capturedBy(() => engine.records.create('customers', { name: `基准测试客户${i}`, status: 'prospect', phone: '021-62880000', email: `bench${i}@example.com` }, ctx)), true));
    await push('update customer', () => timeAll((i) => capturedBy(() => engine.records.update('customers', samples.updateIds[i], { description: `floor ${i} ${Date.now()}` }, ctx)), true));
    for (const [scenario, qs] of Object.entries(SEARCHES)) {
      await push(scenario, () => timeAll((i) => capturedBy(() => globalSearch(engine.records, qs[i % qs.length], ctx))));
    }
    const checker = new DuplicateChecker(db);
    const contacts = engine.metadata.get('contacts');
    await push('duplicates: check a contact (email, phone, name+company)', () => timeAll((i) => capturedBy(() => checker.findLikelyDuplicates(contacts, contactProbes[i % contactProbes.length], ctx))));
    await push('duplicates: finder first page (contacts, 20 groups)', () => timeAll(() => capturedBy(() => findDuplicateGroups(db, checker, contacts, { limit: 20, fuzzy: false }, ctx)), false, 30));
    await push('duplicates: finder fuzzy page (customers, 100 names)', () => timeAll(() => capturedBy(() => findDuplicateGroups(db, checker, engine.metadata.get('customers'), { limit: 20, fuzzy: true, cursor: FUZZY_CURSOR }, ctx)), true, 10));
    if (wanted('duplicates: finder, every exact group')) {
      // Once, not replayed: paging through every exact group of the object, 100 per page.
      const t = performance.now();
      let cursor: string | undefined;
      let groups = 0;
      let pages = 0;
      do {
        const page = await findDuplicateGroups(db, checker, contacts, { limit: 100, cursor, fuzzy: false }, ctx);
        groups += page.data.length;
        pages++;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const ms = performance.now() - t;
      log(`  duplicates: ${groups.toLocaleString()} exact contact groups in ${pages} pages, ${(ms / 1000).toFixed(1)} s`);
      rows.push({ scenario: `duplicates: finder, every exact group (contacts; ${groups.toLocaleString()} groups, ${pages} pages, once)`, raw: stats([ms]) });
    }
  } finally {
    await db.destroy().catch(() => undefined);
    await handle.close().catch(() => undefined);
  }
  return { rows, samples };
}

// ---------- the server ----------
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startServer(kind: string): Promise<ChildProcess> {
  const options = databaseOptions(kind);
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CRM_ADMIN_PASSWORD: PASSWORD, CRM_DEMO: '', CRM_WEB_DIR: join(tmpdir(), 'crm-bench-no-web') };
  if (kind === 'postgres') Object.assign(env, { DATABASE_URL: options.url });
  else Object.assign(env, { DATABASE_URL: '', CRM_DATA_DIR: options.dataDir });
  // The built server, as `npm start` runs it, so memory and speed are what users get.
  const child = spawn(process.execPath, [...serverNodeArgs(), 'dist/main.js'], { cwd: join(ROOT, 'apps/server'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill();
  throw new Error(`server did not start:\n${output}`);
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function login(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return String(res.headers.get('set-cookie')).split(';')[0];
}

interface Load { method: 'GET' | 'POST' | 'PATCH'; next: (i: number) => { path: string; body?: unknown } }

async function load(cookie: string, spec: Load, seconds: number, conns = connections): Promise<NonNullable<Row['http']>> {
  let i = 0;
  const times: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: conns,
    duration: seconds,
    headers: { cookie, 'content-type': 'application/json' },
    requests: [
      {
        method: spec.method,
        setupRequest: (req: autocannon.Request) => {
          const { path, body } = spec.next(i++);
          return { ...req, path, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
        },
      },
    ],
    // Without a callback autocannon returns an event emitter that is also a promise of the result.
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    times.push(ms);
    if (status >= 400) errors++;
  });
  const result = await instance;
  return { ...stats(times), rps: result.requests.total / seconds, errors: Math.max(errors, result.non2xx) + result.errors, requests: result.requests.total };
}

function httpScenarios(samples: Samples): Record<string, Load> {
  const ids = samples.customerIds;
  const upd = samples.updateIds;
  const statuses = ['prospect', 'active', 'vip', 'dormant'];
  const q = (list: string[]) => (i: number) => ({ path: `/api/v1/search?q=${encodeURIComponent(list[i % list.length])}` });
  return {
    'list: status=active, -created_at, 50 rows': { method: 'GET', next: () => ({ path: LIST_PATH }) },
    '360° view: get + related + timeline': { method: 'GET', next: (i) => ({ path: `/api/v1/customers/${ids[i % ids.length]}?include=related,timeline` }) },
    'create customer': { method: 'POST', next: (i) => ({ path: '/api/v1/customers', body: { name: `压测客户${Date.now().toString(36)}${i}`, status: 'prospect', phone: '021-62880000', email: `load${i}@example.com` } }) },
    'update customer': { method: 'PATCH', next: (i) => ({ path: `/api/v1/customers/${upd[i % upd.length]}`, body: { status: statuses[i % 4], description: `load ${i} ${Date.now()}` } }) },
    ...Object.fromEntries(Object.entries(SEARCHES).map(([name, list]) => [name, { method: 'GET' as const, next: q(list) }])),
    'duplicates: check a contact (email, phone, name+company)': { method: 'POST', next: (i) => ({ path: '/api/v1/contacts/duplicates/check', body: samples.contactProbes[i % samples.contactProbes.length] }) },
    'duplicates: finder first page (contacts, 20 groups)': { method: 'GET', next: () => ({ path: '/api/v1/contacts/duplicates?limit=20' }) },
    'duplicates: finder fuzzy page (customers, 100 names)': { method: 'GET', next: () => ({ path: `/api/v1/customers/duplicates?limit=20&fuzzy=true&cursor=${FUZZY_CURSOR}` }) },
  };
}

// ---------- one database ----------
interface DbResult { db: string; n: number; at: string; rows: Row[]; rssIdleMb: number; rssAfterMb: number; durationS: number; connections: number; note?: string; exports?: ExportRun[] }

async function runOne(kind: string): Promise<DbResult> {
  log(`\n== ${kind}, ${n.toLocaleString()} customers ==`);
  await seedIfNeeded(kind);
  log('  timing the raw SQL (floor)…');
  const { rows, samples } = await measureFloor(kind);
  log('  starting the server…');
  const server = await startServer(kind);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const rssIdleMb = rssMb(server.pid!);
    log(`  server idle RSS: ${rssIdleMb.toFixed(0)} MB`);
    const cookie = await login();
    const scenarios = httpScenarios(samples);
    for (const row of rows) {
      const spec = scenarios[row.scenario];
      if (!spec) continue; // measured once in measureFloor, no HTTP load
      await load(cookie, spec, Math.max(1, Math.round(duration / 4))); // warm-up
      row.load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
      row.single = await load(cookie, spec, Math.max(2, Math.round(duration / 3)), 1);
      row.http = await load(cookie, spec, duration);
      log(`  ${row.scenario.padEnd(44)} raw p50 ${fmt(row.raw?.p50)} | 1 conn p50 ${fmt(row.single?.p50)} | http p50 ${fmt(row.http.p50)} p95 ${fmt(row.http.p95)} p99 ${fmt(row.http.p99)} | ${row.http.rps.toFixed(0)} req/s${row.http.errors ? ` | ${row.http.errors} errors` : ''}`);
    }
    // --only export: stream every customer out as CSV and XLSX (the 1,000,000-row target is 30 s, flat memory).
    const exports: ExportRun[] = [];
    if (wanted('export')) {
      for (const format of ['csv', 'xlsx'] as const) {
        const run = await measureExport(`http://127.0.0.1:${port}`, cookie, server.pid!, format);
        log(`  export ${format}: ${run.rows.toLocaleString()} rows in ${run.seconds.toFixed(1)} s (${Math.round(run.rowsPerSecond).toLocaleString()} rows/s, ${run.mb.toFixed(1)} MB), server RSS ${run.rssBeforeMb.toFixed(0)} → peak ${run.peakRssMb.toFixed(0)} MB`);
        exports.push(run);
      }
    }
    const rssAfterMb = rssMb(server.pid!);
    return { db: kind, n, at: new Date().toISOString(), rows, rssIdleMb, rssAfterMb, durationS: duration, connections, ...(exports.length ? { exports } : {}) };
  } finally {
    await stopServer(server);
  }
}

const fmt = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '–' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

// ---------- report ----------
const RESULTS = join(ROOT, 'bench/results');
const LATEST = join(RESULTS, 'latest.json');
const DOC = join(ROOT, 'docs/performance.md');
const BEGIN = '<!-- bench:begin (generated by npm run bench; do not edit by hand) -->';
const END = '<!-- bench:end -->';

function table(result: DbResult): string {
  const lines = [
    `### ${result.db === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL 15 server'}, ${result.n.toLocaleString()} customers`,
    '',
    `Run ${result.at.slice(0, 16).replace('T', ' ')} UTC, ${result.connections} connections, ${result.durationS} s per scenario. Server RSS idle ${result.rssIdleMb.toFixed(0)} MB, after the load ${result.rssAfterMb.toFixed(0)} MB.${result.note ? ` ${result.note}` : ''}`,
    '',
    `| scenario | raw SQL p50 | raw SQL p99 | HTTP 1 conn p50 | HTTP ${result.connections} conn p50 | p95 | p99 | req/s | errors | load avg |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of result.rows) {
    lines.push(`| ${r.scenario} | ${fmt(r.raw?.p50)} | ${fmt(r.raw?.p99)} | ${fmt(r.single?.p50)} | ${fmt(r.http?.p50)} | ${fmt(r.http?.p95)} | ${fmt(r.http?.p99)} | ${r.http ? r.http.rps.toFixed(0) : '–'} | ${r.http?.errors ?? '–'} | ${r.load?.toFixed(1) ?? '–'} |`);
  }
  lines.push('', 'Times in milliseconds.');
  if (result.exports?.length) lines.push(...exportTable(result.exports));
  lines.push('');
  return lines.join('\n');
}

function writeReport(results: DbResult[]) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(results, null, 2));
  const all: Record<string, DbResult> = existsSync(LATEST) ? JSON.parse(readFileSync(LATEST, 'utf8')) : {};
  for (const r of results) {
    const key = `${r.db}-${r.n}`;
    const previous = all[key];
    if (only && previous) {
      // A partial run replaces only its scenarios' rows.
      previous.rows = previous.rows.map((row) => r.rows.find((x) => x.scenario === row.scenario) ?? row);
      if (r.exports) previous.exports = r.exports;
      previous.note = `${previous.note ? `${previous.note} ` : ''}Re-run ${r.at.slice(0, 16).replace('T', ' ')} UTC: ${[...r.rows.map((x) => x.scenario), ...(r.exports ? ['export'] : [])].join('; ')}.`;
    } else all[key] = r;
  }
  writeFileSync(LATEST, JSON.stringify(all, null, 2));
  const ordered = Object.values(all).sort((a, b) => a.n - b.n || a.db.localeCompare(b.db));
  const section = `${BEGIN}\n\n${ordered.map(table).join('\n')}\n${END}`;
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : `# Performance\n\n${BEGIN}\n${END}\n`;
  const next = doc.includes(BEGIN) && doc.includes(END) ? doc.slice(0, doc.indexOf(BEGIN)) + section + doc.slice(doc.indexOf(END) + END.length) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(DOC, next);
  log(`\nwrote ${DOC} (generated section) and bench/results/`);
}

const results: DbResult[] = [];
for (const kind of dbs) results.push(await runOne(kind));
writeReport(results);
for (const r of results) console.log(`\n${table(r)}`);
process.exit(0);
