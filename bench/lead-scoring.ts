/**
 * Lead scoring recompute (issue 13): the nightly pass over every lead and the event-driven pass
 * over a batch, set-based. N leads with a visitor each and a few website events per lead, the demo
 * rules (behaviour with half-lives, fit conditions). Figures: the first pass (every score written
 * through the engine's bulk update, audited), a second pass with nothing changed (read only), and
 * a 500-lead event batch.
 *
 *   node --import tsx bench/lead-scoring.ts -- [--db postgres|pglite] [--leads 50000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { recomputeScores } from '../apps/server/src/modules/marketing-scoring/compute.js';
import { DEMO_RULES } from '../apps/server/src/modules/marketing-scoring/demo.js';
import { createRule } from '../apps/server/src/modules/marketing-scoring/rules.js';
import { createCrm } from '../apps/server/src/server.js';

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const kind = arg('db', 'postgres');
const leads = Number(arg('leads', '50000'));
const PG_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_scoring';

const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'crm-bench-scoring-')) : undefined;
if (kind === 'postgres') {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_boss CASCADE; CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
  await admin.end();
}
const crm = await createCrm({ database: kind === 'postgres' ? { url: PG_URL, schema: SCHEMA } : { dataDir }, jobs: false, logLevel: 'warn' });
const db = crm.handle.db;
const time = async <T>(what: string, fn: () => Promise<T>) => {
  const started = performance.now();
  const result = await fn();
  const ms = performance.now() - started;
  console.log(`${what}: ${(ms / 1000).toFixed(2)} s`, result);
  return ms;
};
try {
  for (const rule of DEMO_RULES) await createRule(db, crm.engine, rule, null);
  await time(`seed ${leads} leads, visitors, ${leads * 4} events`, async () => {
    await sql`
      INSERT INTO leads (name, title, source, status)
      SELECT '线索' || g, CASE g % 5 WHEN 0 THEN '技术总监' WHEN 1 THEN '总经理' ELSE '工程师' END,
        CASE g % 3 WHEN 0 THEN 'website' ELSE 'event' END, CASE g % 10 WHEN 0 THEN 'unqualified' ELSE 'new' END
      FROM generate_series(1, ${leads}) g`.execute(db);
    const site = await sql<{ id: string }>`INSERT INTO tracking_sites (site_key, name) VALUES ('bench', '官网') RETURNING id`.execute(db);
    await sql`INSERT INTO tracking_visitors (visitor_id, object, record_id) SELECT gen_random_uuid(), 'leads', id FROM leads`.execute(db);
    await sql`
      INSERT INTO tracking_events (site_id, visitor_id, type, path, target, name, at)
      SELECT ${site.rows[0].id}, v.visitor_id, t.type, t.path, t.target, t.name, now() - make_interval(days => (abs(hashtext(v.visitor_id::text || t.type)) % 60))
      FROM tracking_visitors v CROSS JOIN (VALUES ('page_view', '/pricing', NULL, NULL), ('page_view', '/about', NULL, NULL),
        ('download', NULL, 'https://www.example.com/files/brochure.pdf', NULL), ('custom', NULL, NULL, 'demo_requested')) AS t(type, path, target, name)`.execute(db);
    await sql`ANALYZE`.execute(db);
    return 'done';
  });
  await time('full pass, every score written', () => recomputeScores(db, crm.engine, 'leads'));
  await time('full pass, nothing changed', () => recomputeScores(db, crm.engine, 'leads'));
  const { rows } = await sql<{ id: string }>`SELECT id FROM leads ORDER BY random() LIMIT 500`.execute(db);
  await sql`UPDATE tracking_events SET at = now() WHERE visitor_id IN (SELECT visitor_id FROM tracking_visitors WHERE record_id = ANY(${sql.val(rows.map((r) => r.id))}::uuid[]))`.execute(db);
  await time('event batch of 500 leads (all changed)', () => recomputeScores(db, crm.engine, 'leads', { only: rows.map((r) => r.id) }));
} finally {
  await crm.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
