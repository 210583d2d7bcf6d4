import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createCrm } from '../apps/server/src/server.js';

/** `--name value` from the command line. */
export const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
export const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
export const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function dropSchema(schema: string) {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_boss CASCADE; CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
  await admin.end();
}

/**
 * The whole app without jobs on a fresh database: a PostgreSQL schema of its own (dropped before
 * and by `cleanup`), or a new PGlite directory. For the benchmarks that seed set-based.
 */
export async function openBenchCrm(kind: string, schema: string) {
  if (kind === 'postgres') await dropSchema(schema);
  const crm = await createCrm({ database: kind === 'postgres' ? { url: PG_ADMIN_URL, schema } : { dataDir: mkdtempSync(join(tmpdir(), `crm-${schema}-`)) }, jobs: false });
  const cleanup = async () => {
    await crm.close();
    if (kind === 'postgres') await dropSchema(schema);
  };
  return { crm, cleanup };
}

/** One warm-up, then `runs` timed calls: their median and slowest, in ms. */
export async function timeRuns(fn: () => Promise<unknown>, runs: number): Promise<{ p50: number; max: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

/** As timeRuns, printed: "p50 ms (max …)". */
export async function medianOf(fn: () => Promise<unknown>, runs: number) {
  const { p50, max } = await timeRuns(fn, runs);
  return `${p50.toFixed(1)} ms (max ${max.toFixed(1)})`;
}
