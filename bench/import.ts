/**
 * Import benchmark: generates a contacts CSV of N rows (Chinese names and companies, unique emails
 * plus 1% repeats), starts the built server on a fresh database, uploads the file, runs the import
 * with email dedupe (skip) and measures upload time, import time, rows/s and the server's peak RSS.
 *
 *   npm run bench:import -- [--db postgres|pglite] [--n 1000000] [--port 3311]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generatedContact } from './generated-contacts.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const n = Number(arg('n', '50000'));
const kind = arg('db', 'postgres');
const port = Number(arg('port', '3311'));
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_DB = process.env.BENCH_IMPORT_PG_DB ?? 'crm_bench_import';
const PASSWORD = 'bench-import-1';
const EMAIL = 'admin@bench.local';
if (port === 3000) throw new Error('port 3000 is reserved');

/** Streams the CSV to disk so even 1,000,000 rows never sit in memory. */
async function writeCsv(file: string) {
  const out = createWriteStream(file);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('姓名,公司,职位,手机,邮箱,性别\n');
  for (let i = 0; i < n; i++) {
    // Every 100th row repeats an earlier email, so dedupe has work to do.
    const k = i % 100 === 99 ? i - 50 : i;
    const c = generatedContact(k);
    await write(`${c.name},${c.company},${c.title},${c.mobile},${c.email},${c.gender}\n`);
  }
  await new Promise<void>((r) => out.end(() => r()));
}

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
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: join(ROOT, 'apps/server'), env, stdio: ['ignore', 'inherit', 'inherit'] });
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error('server exited');
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('server did not start');
}

async function main() {
  const file = join(tmpdir(), `crm-bench-contacts-${n}.csv`);
  console.log(`generating ${n.toLocaleString()} rows → ${file}`);
  await writeCsv(file);
  const dbEnv = await prepareDatabase();
  const server = await startServer(dbEnv);
  let peak = rssMb(server.pid!);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 200);
  try {
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0];
    const json = { cookie, 'content-type': 'application/json' };
    const t0 = Date.now();
    const up = await fetch(`${base}/api/v1/imports?object=contacts&fileName=bench.csv`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const { data } = (await up.json()) as { data: { id: string } };
    const uploadS = (Date.now() - t0) / 1000;
    await fetch(`${base}/api/v1/imports/${data.id}`, { method: 'PATCH', headers: json, body: JSON.stringify({ mapping: { name: 0, company: 1, title: 2, mobile: 3, email: 4, gender: 5 }, options: { dedupe: { policy: 'skip', keys: ['email'] } } }) });
    const t1 = Date.now();
    await fetch(`${base}/api/v1/imports/${data.id}/run`, { method: 'POST', headers: json, body: '{}' });
    let last: Record<string, unknown> = {};
    const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const loadAtStart = load();
    // A line every 10 s: progress, the server's RSS now and the machine's load (shared cores).
    const progress = setInterval(() => console.log(`t=${Math.round((Date.now() - t1) / 1000)}s ${last.status ?? ''} validated=${last.validatedRows ?? 0} done=${last.doneRows ?? 0} rss=${Math.round(rssMb(server.pid!))}MB load=${load()}`), 10_000);
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      // PGlite runs in the server's own thread, so a poll may time out while a batch is written: try again.
      const res = await fetch(`${base}/api/v1/imports/${data.id}`, { headers: { cookie } }).catch(() => null);
      if (!res?.ok) continue;
      last = ((await res.json()) as { data: Record<string, unknown> }).data;
      if (last.status === 'done' || last.status === 'failed') break;
    }
    clearInterval(progress);
    const runS = (Date.now() - t1) / 1000;
    const result = {
      db: kind, rows: n, fileMb: +(statSync(file).size / 1048576).toFixed(1), uploadS, runS,
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
  writeFileSync(join(dir, `import-${kind}.json`), JSON.stringify(result, null, 2) + '\n');
  const results = ['postgres', 'pglite'].map((db) => join(dir, `import-${db}.json`)).filter(existsSync).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const lines = [
    '# Import speed',
    '',
    'Written by `npm run bench:import -- --db postgres|pglite --n N`: a generated contacts CSV (Chinese names and companies,',
    '1% repeated emails) uploaded to the built server and imported with email dedupe (skip). Target (#5): 1,000,000 rows',
    'on PostgreSQL in ≤ 60 s with the server ≤ 500 MB.',
    '',
    '| database | rows | file | upload | validate + write | rows/s | peak server RSS | created / skipped | run at (UTC) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.db} | ${r.rows.toLocaleString('en')} | ${r.fileMb} MB | ${r.uploadS} s | ${r.runS} s | ${r.rowsPerS} | ${r.peakRssMb} MB | ${r.created} / ${r.skipped} | ${String(r.at).slice(0, 16).replace('T', ' ')} |`),
    '',
    `Load average when the last run ended: ${load} (2 cores).`,
    '',
  ];
  writeFileSync(join(dir, 'import.md'), lines.join('\n'));
}

await main();
