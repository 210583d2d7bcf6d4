/**
 * Website tracking ingestion (issue 13: >= 2,000 events/s into PostgreSQL). A real server on a
 * port, loaded with autocannon like a crowd of browsers: each request is one snippet batch (the
 * whole path: origin check, body parse, Zod, bot filter, the two rate-limit counters) from its own
 * visitor and address (X-Forwarded-For behind a trusted proxy: browsers, not one hot counter row), and the events go through the buffer into set-based INSERTs. Events per
 * second = rows in tracking_events after the last flush / (load time + final flush). The load
 * generator runs in the same process, on the same two cores.
 *
 *   node --import tsx bench/tracking.ts -- [--db postgres|pglite] [--seconds 15] [--batch 10] [--connections 20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { trackingBufferOf } from '../apps/server/src/modules/marketing-tracking/index.js';
import { createCrm } from '../apps/server/src/server.js';

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const kind = arg('db', 'postgres');
const seconds = Number(arg('seconds', '15'));
const batch = Number(arg('batch', '10'));
const connections = Number(arg('connections', '20'));
const PG_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_tracking';
const ORIGIN = 'https://www.example-shop.cn';
const PAGES = ['/', '/products/crm', '/pricing', '/cases/manufacturing', '/about', '/blog/2026/digital-sales', '/contact'];

// Every request comes from its own visitor and address here; the limits are not what is measured.
process.env.CRM_TRACKING_RATE_IP = '1000000000';
process.env.CRM_TRACKING_RATE_VISITOR = '1000000000';

const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'crm-bench-tracking-')) : undefined;
if (kind === 'postgres') {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_boss CASCADE; CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
  await admin.end();
}
const crm = await createCrm({ database: kind === 'postgres' ? { url: PG_URL, schema: SCHEMA } : { dataDir }, jobs: false, logLevel: 'warn', trustProxy: true });
const db = crm.handle.db;
try {
  await sql`INSERT INTO tracking_sites (site_key, name, allowed_origins) VALUES ('bench-site-key', '官网', ${JSON.stringify([ORIGIN])}::jsonb)`.execute(db);
  await crm.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (crm.app.server.address() as { port: number }).port;
  let i = 0;
  const body = (i: number) => {
    const now = Date.now();
    return JSON.stringify({
      visitorId: randomUUID(),
      events: Array.from({ length: batch }, (_, k) => ({ type: 'page_view', url: `${ORIGIN}${PAGES[(i + k) % PAGES.length]}?utm_source=baidu`, title: `页面 ${k}`, referrer: 'https://www.baidu.com/', at: now - k })),
    });
  };
  let failed = 0;
  let accepted = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
    requests: [{ method: 'POST', path: '/t/bench-site-key/events', setupRequest: (req: autocannon.Request) => ({ ...req, body: body(i), headers: { ...req.headers, 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i++ & 255}` } }) }],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_c: unknown, status: number) => {
    if (status === 204) accepted++;
    else failed++;
  });
  const result = await instance;
  await trackingBufferOf(crm.modules)!.flush();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const stored = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM tracking_events`.execute(db)).rows[0].n);
  console.log(`website tracking, ${kind}: ${accepted} requests of ${batch} page views, ${connections} connections, ${seconds} s; ${failed} not 204`);
  console.log(`latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  console.log(`${stored} events stored in ${wall.toFixed(1)} s (load + final flush) → ${(stored / wall).toFixed(0)} events/s`);
  // The machine is shared: CPU time of this process (server and load generator) says what one event costs whatever the load.
  console.log(`this process used ${cpuSeconds.toFixed(1)} CPU s → ${(stored / cpuSeconds).toFixed(0)} events per CPU second (server + autocannon)`);
  if (failed || stored !== accepted * batch) process.exitCode = 1;
} finally {
  await crm.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
