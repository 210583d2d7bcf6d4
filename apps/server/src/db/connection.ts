import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import type { Database } from './types.js';

export interface DatabaseOptions {
  /** postgres://… to use a PostgreSQL server; otherwise embedded PGlite. */
  url?: string;
  /** PGlite data folder; omitted means in memory (tests). */
  dataDir?: string;
  /** Schema to work in on a PostgreSQL server (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
  /** PGlite in memory only: start from this dump instead of an empty cluster (tests skip initdb this way). */
  template?: Blob;
}

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Kysely<Database>;
  /** Runs raw SQL for pg-boss and tools that speak plain text + values. */
  pool: pg.Pool;
  schema: string;
  /** PGlite only: the whole data folder as a tarball, loadable as a template. */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

// numeric and bigint arrive as strings; the engine converts per field type, so leave them.
// Dates are read as text so no time zone can shift them.
pg.types.setTypeParser(1082, (v: string) => v);

/**
 * The CRM's working set is cached or on SSD, where a random read costs about what a sequential
 * one does. With PostgreSQL's default (4.0) the planner prefers walking the created_at index and
 * filtering ("status = active, newest first" read 5,000 rows for 50) over the exact
 * (status, created_at, id) index; 1.1 is the usual SSD setting. Set per connection so it needs
 * no change to the server's configuration.
 */
const PLANNER_SETTINGS = '-c random_page_cost=1.1';

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.schema ?? 'public', options.poolSize ?? 10);
  return openPglite(options.dataDir, options.template);
}

async function openPostgres(url: string, schema: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: [PLANNER_SETTINGS, schema === 'public' ? '' : `-c search_path=${schema},public`].join(' ').trim(),
  });
  if (schema !== 'public') await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await ensureExtensions(db);
  return { kind: 'postgres', db, pool, schema, close: () => db.destroy() };
}

async function openPglite(dataDir?: string, template?: Blob): Promise<DatabaseHandle> {
  const [{ PGlite }, { pg_trgm }, { createPgConfig }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/node-postgres'),
  ]);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  // PostgreSQL's default 128 MB of shared buffers live inside the WASM heap; the OS page cache
  // already caches the data files, so a small pool keeps the idle server lean.
  const sharedBuffers = process.env.CRM_PGLITE_SHARED_BUFFERS ?? '24MB';
  let pglite: InstanceType<typeof PGlite>;
  try {
    pglite = await PGlite.create(dataDir, { extensions: { pg_trgm }, postgresqlconf: [`shared_buffers = ${sharedBuffers}`, 'random_page_cost = 1.1'], ...(template && !dataDir ? { loadDataDir: template } : {}) });
  } catch (error) {
    unlock();
    throw error;
  }
  const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await ensureExtensions(db);
  return {
    kind: 'pglite',
    db,
    pool,
    schema: 'public',
    dump: () => pglite.dumpDataDir('none'),
    async close() {
      try {
        // The pool may already be ended by a caller's own Kysely over it; closing must still
        // release the database and its folder lock.
        await db.destroy().catch(() => undefined);
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}

async function ensureExtensions(db: Kysely<Database>) {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
}
