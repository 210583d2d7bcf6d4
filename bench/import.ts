/**
 * Import benchmark: generates a CSV of N rows, starts the built server on a fresh database, uploads
 * the file, runs the import and measures upload time, import time, rows/s and the server's peak RSS.
 * Contacts (default): Chinese names and companies, unique emails plus 1% repeats, email dedupe (skip).
 * Deals (--object deals): users and customers are set up first (the customers by an import too,
 * not timed); each deal resolves its customer by name and its owner by e-mail, maps its stage
 * (value mapping) and passes the stage rules; lost deals without a reason are rejected.
 *
 *   npm run bench:import -- [--db postgres|pglite] [--object contacts|deals] [--n 1000000] [--port 3311]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generatedContact } from './generated-contacts.js';
import { DEAL_CUSTOMERS, DEAL_OWNERS, DEALS_HEADER, DEALS_MAPPING, DEALS_VALUE_MAP, dealCustomerName, dealOwnerEmail, generatedDealLine } from './generated-deals.js';
import { serverNodeArgs } from '../scripts/server-node-args.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const n = Number(arg('n', '50000'));
const kind = arg('db', 'postgres');
const object = arg('object', 'contacts');
if (object !== 'contacts' && object !== 'deals') throw new Error('--object contacts|deals');
const port = Number(arg('port', '3311'));
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_DB = process.env.BENCH_IMPORT_PG_DB ?? 'crm_bench_import';
const PASSWORD = 'bench-import-1';
const EMAIL = 'admin@bench.local';
if (port === 3000) throw new Error('port 3000 is reserved');

/** Streams a CSV to disk so even 1,000,000 rows never sit in memory. */
async function writeCsv(file: string, header: string, rows: number, line: (i: number) => string) {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${header}\n`);
  for (let i = 0; i < rows; i++) await write(line(i));
  await new Promise<void>((r) => out.end(() => r()));
}

function contactLine(i: number) {
  // Every 100th row repeats an earlier email, so dedupe has work to do.
  const c = generatedContact(i % 100 === 99 ? i - 50 : i);
  return `${c.name},${c.company},${c.title},${c.mobile},${c.email},${c.gender}\n`;
}
const CONTACTS_HEADER = '姓名,公司,职位,手机,邮箱,性别';

async function prepareDatabase(): Promise<Record<string, string>> {
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_DB}`);
    await admin.end();
    return { DATABASE_URL: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${PG_DB}`) };
  }
  const dir = join(tmpdir(), 'crm-bench-import-pglite');
  rmSync(dir, { recursive: true, force: true });
  return { DATABASE_URL: '', CRM_DATA_DIR: dir };
}

/** CPU seconds (user + system) a process has used: on shared cores, wall time alone says little. */
const cpuS = (pid: number) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
};

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function startServer(dbEnv: Record<string, string>): Promise<ChildProcess> {
  const env = { ...process.env, ...dbEnv, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CRM_ADMIN_EMAIL: EMAIL, CRM_ADMIN_PASSWORD: PASSWORD, CRM_DEMO: '', CRM_WEB_DIR: join(tmpdir(), 'crm-bench-no-web') };
  // The flags npm start gives the server, then BENCH_SERVER_NODE_ARGS: extra node flags for the server only, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof' (not allowed in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...serverNodeArgs(), ...nodeArgs, 'dist/main.js'], { cwd: join(ROOT, 'apps/server'), env, stdio: ['ignore', 'inherit', 'inherit'] });
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error('server exited');
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('server did not start');
}

type Json = Record<string, unknown>;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Uploads a CSV, applies the settings, runs the import and polls it until done; returns its upload time and last state. */
async function importFile(base: string, cookie: string, target: string, file: string, settings: Json, onProgress?: (last: Json, t1: number) => void) {
  const json = { cookie, 'content-type': 'application/json' };
  const t0 = Date.now();
  const up = await fetch(`${base}/api/v1/imports?object=${target}&fileName=bench.csv`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'text/csv' },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const { data } = (await up.json()) as { data: { id: string } };
  const uploadS = (Date.now() - t0) / 1000;
  await fetch(`${base}/api/v1/imports/${data.id}`, { method: 'PATCH', headers: json, body: JSON.stringify(settings) });
  const t1 = Date.now();
  await fetch(`${base}/api/v1/imports/${data.id}/run`, { method: 'POST', headers: json, body: '{}' });
  let last: Json = {};
  const progress = onProgress && setInterval(() => onProgress(last, t1), 10_000);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    // PGlite runs in the server's own thread, so a poll may time out while a batch is written: try again.
    const res = await fetch(`${base}/api/v1/imports/${data.id}`, { headers: { cookie } }).catch(() => null);
    if (!res?.ok) continue;
    last = ((await res.json()) as { data: Json }).data;
    if (last.status === 'done' || last.status === 'failed') break;
  }
  if (progress) clearInterval(progress);
  return { uploadS, runS: (Date.now() - t1) / 1000, last };
}

/**
 * Seconds from the import's end until its records are searchable and until its deferred indexing
 * (search terms, then match keys) is done; both 0 when they were built with the rows. Prints the
 * pass's progress and the server's RSS every 10 s.
 */
async function waitIndexed(base: string, cookie: string, imp: Json, progress: (now: Json) => void): Promise<{ searchableS: number; indexS: number }> {
  const t0 = Date.now();
  let searchableS = 0;
  let printed = t0;
  type Indexing = { status?: string; searchable?: boolean } | null;
  for (let now = imp; (now.indexing as Indexing)?.status === 'pending'; ) {
    await new Promise((r) => setTimeout(r, 250));
    const res = await fetch(`${base}/api/v1/imports/${imp.id}`, { headers: { cookie } }).catch(() => null);
    if (res?.ok) now = ((await res.json()) as { data: Json }).data;
    if (!searchableS && (now.indexing as Indexing)?.searchable) searchableS = (Date.now() - t0) / 1000;
    if (Date.now() - printed >= 10_000) {
      printed = Date.now();
      progress(now);
    }
  }
  const indexS = (Date.now() - t0) / 1000;
  return { searchableS: searchableS || indexS, indexS };
}

/** For deals: the owners (users by e-mail) and the customers the file names, imported beforehand. */
async function seedForDeals(base: string, cookie: string) {
  const headers = { cookie, 'content-type': 'application/json' };
  const roles = ((await (await fetch(`${base}/api/v1/roles`, { headers })).json()) as { data: { id: string; key?: string; name?: string }[] }).data;
  const roleId = (roles.find((r) => /sales/i.test(`${r.key ?? ''}${r.name ?? ''}`)) ?? roles[0]).id;
  for (let u = 0; u < DEAL_OWNERS; u++) {
    const res = await fetch(`${base}/api/v1/users`, { method: 'POST', headers, body: JSON.stringify({ email: dealOwnerEmail(u), name: `销售${u}`, password: 'Bench-import-1!', roleId, teamId: null, locale: 'zh-CN' }) });
    if (!res.ok) throw new Error(`user ${u}: ${res.status} ${await res.text()}`);
  }
  const file = join(tmpdir(), 'crm-bench-deal-customers.csv');
  await writeCsv(file, '客户名称', DEAL_CUSTOMERS, (c) => `${dealCustomerName(c)}\n`);
  const { last } = await importFile(base, cookie, 'customers', file, { mapping: { name: 0 }, options: { dedupe: { policy: 'create', keys: [] } } });
  rmSync(file, { force: true });
  if (last.created !== DEAL_CUSTOMERS) throw new Error(`customers not seeded: ${JSON.stringify(last)}`);
}

async function main() {
  const file = join(tmpdir(), `crm-bench-${object}-${n}.csv`);
  console.log(`generating ${n.toLocaleString()} ${object} → ${file}`);
  if (object === 'deals') await writeCsv(file, DEALS_HEADER, n, generatedDealLine);
  else await writeCsv(file, CONTACTS_HEADER, n, contactLine);
  const dbEnv = await prepareDatabase();
  const server = await startServer(dbEnv);
  let peak = rssMb(server.pid!);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 200);
  try {
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0];
    if (object === 'deals') await seedForDeals(base, cookie);
    const settings =
      object === 'deals'
        ? { mapping: DEALS_MAPPING, options: { dedupe: { policy: 'create', keys: [] }, values: DEALS_VALUE_MAP } }
        : { mapping: { name: 0, company: 1, title: 2, mobile: 3, email: 4, gender: 5 }, options: { dedupe: { policy: 'skip', keys: ['email'] } } };
    const loadAtStart = load();
    // A line every 10 s: progress, the server's RSS now and the machine's load (shared cores).
    const { uploadS, runS, last } = await importFile(base, cookie, object, file, settings, (last, t1) =>
      console.log(`t=${Math.round((Date.now() - t1) / 1000)}s ${last.status ?? ''} validated=${last.validatedRows ?? 0} done=${last.doneRows ?? 0} rss=${Math.round(rssMb(server.pid!))}MB load=${load()}`),
    );
    // A large import is done before its search terms and duplicate keys are built: time that pass too.
    const { searchableS, indexS } = await waitIndexed(base, cookie, last, (now) =>
      console.log(`indexing ${JSON.stringify(now.indexing)} rss=${Math.round(rssMb(server.pid!))}MB load=${load()}`),
    );
    const result = {
      db: kind, object, rows: n, searchableS, indexS, fileMb: +(statSync(file).size / 1048576).toFixed(1), uploadS, runS,
      rowsPerS: Math.round(n / runS), totalS: +(uploadS + runS).toFixed(1), peakRssMb: Math.round(peak),
      created: last.created, skipped: last.skipped, rejected: last.rejected, status: last.status, at: new Date().toISOString(),
      loadAtStart, loadAtEnd: load(), serverCpuS: cpuS(server.pid!),
    };
    console.log(JSON.stringify(result, null, 2));
    writeReport(result);
  } finally {
    clearInterval(sampler);
    server.kill('SIGTERM');
    rmSync(file, { force: true });
  }
}

/**
 * Keeps the last result per database in bench/results and a table of them in bench/results/import.md
 * (docs/performance-import.md is written by hand from such tables, with the load they ran under).
 */
function writeReport(result: Record<string, unknown>) {
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `import-${object}-${kind}.json`), JSON.stringify(result, null, 2) + '\n');
  const files = ['contacts', 'deals'].flatMap((o) => ['postgres', 'pglite'].map((db) => join(dir, `import-${o}-${db}.json`)));
  const results = files.filter(existsSync).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const lines = [
    '# Import speed',
    '',
    'Written by `npm run bench:import -- --db postgres|pglite --object contacts|deals --n N` (see bench/import.ts for what',
    'each object\'s generated file holds). docs/performance-import.md is written by hand from such tables, with the load.',
    '',
    '| object | database | rows | file | upload | validate + write | rows/s | then searchable in | then indexed in | peak server RSS | created / skipped / rejected | load start → end | run at (UTC) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.object} | ${r.db} | ${r.rows.toLocaleString('en')} | ${r.fileMb} MB | ${r.uploadS} s | ${r.runS} s | ${r.rowsPerS} | ${r.searchableS ?? r.indexS ?? 0} s | ${r.indexS ?? 0} s | ${r.peakRssMb} MB | ${r.created} / ${r.skipped} / ${r.rejected} | ${r.loadAtStart} → ${r.loadAtEnd} | ${String(r.at).slice(0, 16).replace('T', ' ')} |`),
    '',
  ];
  writeFileSync(join(dir, 'import.md'), lines.join('\n'));
}

await main();
