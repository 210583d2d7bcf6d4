import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createCrm, type Crm } from '../apps/server/src/server.js';

/** A command-line option: `--name value`, else the fallback. */
export function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/**
 * The app a single-process bench measures (`--db pglite|postgres`, `--n`), jobs off: a fresh
 * PGlite folder, or on PostgreSQL (BENCH_PG_ADMIN_URL) the schema `schema` dropped and made anew.
 * `close` closes the app and removes the folder.
 */
export async function openBenchCrm(schema: string): Promise<{ crm: Crm; kind: string; n: number; close: () => Promise<void> }> {
  const kind = arg('db', 'pglite');
  const url = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), `crm-${schema}-`)) : undefined;
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_boss CASCADE; CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
    await admin.end();
  }
  const crm = await createCrm({ database: kind === 'postgres' ? { url, schema } : { dataDir }, jobs: false });
  const close = async () => {
    await crm.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return { crm, kind, n: Number(arg('n', '1000')), close };
}
