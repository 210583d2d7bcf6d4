/**
 * The 1,000,000-contact benchmark of the duplicate finder and of export (issue 5, "Speed").
 * Contacts are seeded with one set-based INSERT … SELECT FROM generate_series, then the finder's
 * match keys are built by the module's own rebuildKeys() (the same code the server runs).
 *
 *   npx tsx bench/million.ts [--db postgres|pglite] [--n 1000000] [--port 3312] [--reseed] [--skip export|finder] [--formats csv,xlsx]
 *
 * Duplicates are seeded common for e-mail (every fifth contact shares the previous one's address:
 * 20% of contacts, ~n/5 groups) and rare for mobile (one contact in 1,000). Owners are spread over
 * 12 reps in two teams, independently of duplicates, so a rep sees only a fraction of the groups.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildAccessContext } from '../apps/server/src/accounts/access-context.js';
import type { DatabaseOptions } from '../apps/server/src/db/connection.js';
import { DuplicateChecker } from '../apps/server/src/modules/duplicates/check-duplicates.js';
import { findDuplicateGroups } from '../apps/server/src/modules/duplicates/find-duplicate-groups.js';
import { rebuildKeys } from '../apps/server/src/modules/duplicates/key-index.js';
import { createCrm, type Crm } from '../apps/server/src/server.js';
import { measureExport } from './export.js';
import { ADMIN_EMAIL, PASSWORD, seedUsers } from './seed.js';
import { serverNodeArgs } from '../scripts/server-node-args.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const kind = arg('db', 'postgres');
const n = Number(arg('n', '1000000'));
const port = Number(arg('port', '3312'));
const skip = arg('skip', '');
const formats = arg('formats', 'csv,xlsx').split(',') as ('csv' | 'xlsx')[];
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_DB = `crm_bench_million_${n}`;
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const options: DatabaseOptions = kind === 'postgres' ? { url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${PG_DB}`) } : { dataDir: join(tmpdir(), `crm-bench-million-${n}`) };

async function fresh(): Promise<boolean> {
  const reseed = process.argv.includes('--reseed');
  if (kind === 'pglite') {
    if (existsSync(join(options.dataDir!, 'bench-seeded')) && !reseed) return false;
    rmSync(options.dataDir!, { recursive: true, force: true });
    return true;
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DB])).rowCount;
    if (exists && !reseed) return false;
    await admin.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_DB}`);
    await admin.query(`ALTER DATABASE ${PG_DB} SET maintenance_work_mem = '512MB'`);
    return true;
  } finally {
    await admin.end();
  }
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖';
const GIVEN = '伟芳娜敏静秀丽强磊军洋勇艳杰娟涛明超霞平刚桂英华辉鹏晨雪琳宇浩婷佳俊欣雨轩博文斌建';
const chars = (s: string) => `ARRAY[${[...s].map((c) => `'${c}'`).join(',')}]`;

async function seedContacts(crm: Crm) {
  const users = await seedUsers(crm);
  const started = Date.now();
  const step = 100_000;
  for (let from = 1; from <= n; from += step) {
    const to = Math.min(n, from + step - 1);
    // i → owner by hash (not by i, so neighbours' owners are independent); e-mail of every fifth
    // contact is its predecessor's; mobile of one in 1,000 likewise.
    await crm.handle.pool.query(
      `INSERT INTO contacts (owner_id, created_at, created_by, updated_at, updated_by, name, company, title, mobile, email, gender, is_primary)
       SELECT o.owner, c.at, o.owner, c.at, o.owner, c.name, c.company, '采购经理', c.mobile, c.email, CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END, i % 3 = 0
       FROM generate_series($1::int, $2::int) AS i
       CROSS JOIN LATERAL (SELECT ($3::uuid[])[1 + abs(hashint4(i)) % cardinality($3::uuid[])] AS owner) o
       CROSS JOIN LATERAL (SELECT
         now() - make_interval(secs => ($4::int - i) * 60) AS at,
         (${chars(SURNAMES)})[1 + i % 60] || (${chars(GIVEN)})[1 + (i / 60) % 40] || CASE WHEN i % 3 = 0 THEN (${chars(GIVEN)})[1 + (i / 7) % 40] ELSE '' END AS name,
         '上海' || (i % 250000)::text || '号科技有限公司' AS company,
         '139' || lpad((CASE WHEN i % 1000 = 0 THEN i - 1 ELSE i END)::text, 8, '0') AS mobile,
         'c' || (CASE WHEN i % 5 = 0 THEN i - 1 ELSE i END)::text || '@mail' || ((CASE WHEN i % 5 = 0 THEN i - 1 ELSE i END) % 997)::text || '.example.cn' AS email
       ) c`,
      [from, to, users.sales, n],
    );
    log(`  seeded ${to.toLocaleString()} contacts (${((Date.now() - started) / 1000).toFixed(0)} s, load ${loadavg()})`);
  }
  await crm.handle.pool.query('ANALYZE contacts');
  const t = Date.now();
  const keys = await rebuildKeys(crm.handle.db, 'contacts');
  log(`  match keys of ${keys.toLocaleString()} contacts built in ${((Date.now() - t) / 1000).toFixed(0)} s (load ${loadavg()})`);
  if (kind === 'pglite') writeFileSync(join(options.dataDir!, 'bench-seeded'), String(n));
}

async function time<T>(fn: () => Promise<T>, runs = 5): Promise<{ ms: number; result: T }> {
  let result = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

const cursorAt = (rule: string) => Buffer.from(JSON.stringify({ mode: 'exact', rule, kind: '', value: '' })).toString('base64url');

async function finder(crm: Crm) {
  const db = crm.handle.db;
  const contacts = await crm.engine.records.object('contacts');
  const checker = new DuplicateChecker(db);
  const user = (email: string) => db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const admin = await buildAccessContext(db, await user(ADMIN_EMAIL));
  const rep = await buildAccessContext(db, await user('sales01@bench.example.com'));
  const manager = await buildAccessContext(db, await user('sales00@bench.example.com'));
  // A rep who owns nothing: the finder walks every group to find none (the worst case).
  const { rows: [role] } = await crm.handle.pool.query(`SELECT role_id, team_id FROM users WHERE email = 'sales01@bench.example.com'`);
  await crm.handle.pool.query(`INSERT INTO users (email, name, password_hash, role_id, team_id, locale, active) VALUES ('nobody@bench.example.com', '新人', 'x', $1, $2, 'zh-CN', true) ON CONFLICT DO NOTHING`, [role.role_id, role.team_id]);
  const newcomer = await buildAccessContext(db, await user('nobody@bench.example.com'));
  const { rows: counts } = await crm.handle.pool.query(`SELECT rule, count(*)::int AS groups, sum(size)::int AS records FROM duplicate_groups WHERE object = 'contacts' GROUP BY rule ORDER BY rule`);
  log(`  groups: ${counts.map((c) => `${c.rule} ${c.groups.toLocaleString()} (${c.records.toLocaleString()} records)`).join(', ')}`);
  const lines: string[] = [];
  const page = async (label: string, ctx: typeof admin, cursor?: string) => {
    const { ms, result } = await time(() => findDuplicateGroups(db, checker, contacts, { limit: 20, fuzzy: false, cursor }, ctx));
    const line = `| ${label} | ${result.data.length} | ${ms.toFixed(0)} ms | ${loadavg()} |`;
    log(line);
    lines.push(line);
  };
  await page('admin (all), first page: e-mail, common', admin);
  await page('admin (all), first phone page: rare', admin, cursorAt('phone'));
  await page('rep (own), first page', rep);
  await page('rep (own), first phone page', rep, cursorAt('phone'));
  await page('manager (team), first page', manager);
  await page('rep owning nothing (own): walks every group, finds none', newcomer);
  for (const [label, ctx] of [['admin', admin], ['rep', rep]] as const) {
    const t = performance.now();
    let cursor: string | undefined;
    let groups = 0;
    let pages = 0;
    do {
      const p = await findDuplicateGroups(db, checker, contacts, { limit: 100, cursor, fuzzy: false }, ctx);
      groups += p.data.length;
      pages++;
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    const line = `| ${label}: every exact group, 100 per page (${groups.toLocaleString()} groups, ${pages.toLocaleString()} pages) | — | ${((performance.now() - t) / 1000).toFixed(1)} s | ${loadavg()} |`;
    log(line);
    lines.push(line);
  }
  // The query the finder ran before duplicate_groups: group every key of the rule, keep count > 1.
  const old = await time(() => crm.handle.pool.query(`SELECT k.kind, k.value, count(*) FROM duplicate_keys k WHERE k.object = 'contacts' AND k.rule = 'phone' AND k.kind <> 'p' GROUP BY k.kind, k.value HAVING count(*) > 1 ORDER BY k.kind, k.value LIMIT 21`), 3);
  const line = `| before (grouping every key), admin, first phone page: the groups query alone | 21 | ${old.ms.toFixed(0)} ms | ${loadavg()} |`;
  log(line);
  lines.push(line);
  return lines;
}

async function startServer(): Promise<ChildProcess> {
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CRM_ADMIN_PASSWORD: PASSWORD, CRM_DEMO: '', CRM_WEB_DIR: join(tmpdir(), 'crm-bench-no-web') };
  if (kind === 'postgres') Object.assign(env, { DATABASE_URL: options.url });
  else Object.assign(env, { DATABASE_URL: '', CRM_DATA_DIR: options.dataDir });
  const child = spawn(process.execPath, [...serverNodeArgs(), 'dist/main.js'], { cwd: join(ROOT, 'apps/server'), env, stdio: ['ignore', 'inherit', 'inherit'] });
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error('server exited');
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error('server did not start');
}

async function overHttp() {
  const server = await startServer();
  const lines: string[] = [];
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: PASSWORD }) });
    const cookie = String(res.headers.get('set-cookie')).split(';')[0];
    if (!skip.includes('finder')) {
      for (const [label, path] of [['first page', '/api/v1/contacts/duplicates?limit=20'], ['first phone page (rare)', `/api/v1/contacts/duplicates?limit=20&cursor=${cursorAt('phone')}`]]) {
        const { ms } = await time(() => fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie } }).then((r) => r.json()));
        const line = `| HTTP, admin, ${label} | 20 | ${ms.toFixed(0)} ms | ${loadavg()} |`;
        log(line);
        lines.push(line);
      }
    }
    if (!skip.includes('export')) {
      for (const format of formats) {
        const load = loadavg();
        const run = await measureExport(`http://127.0.0.1:${port}`, cookie, server.pid!, format, 'contacts');
        const line = `| ${kind} | ${format} | ${run.rows.toLocaleString()} | ${run.seconds.toFixed(1)} | ${Math.round(run.rowsPerSecond).toLocaleString()} | ${run.mb.toFixed(0)} | ${run.rssBeforeMb.toFixed(0)} → ${run.peakRssMb.toFixed(0)} MB | ${load} |`;
        log(line);
        lines.push(line);
      }
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  return lines;
}

log(`${kind}, ${n.toLocaleString()} contacts, load ${loadavg()}`);
const isFresh = await fresh();
const crm = await createCrm({ database: options });
const lines: string[] = [];
try {
  if (isFresh) await seedContacts(crm);
  if (!skip.includes('finder')) lines.push(...(await finder(crm)));
} finally {
  await crm.close();
}
lines.push(...(await overHttp()));
console.log(lines.join('\n'));
