import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
  /**
   * PGlite only: start from this dump instead of an empty cluster, in memory or in a data folder not
   * yet initialised (ignored for an existing one). Tests skip initdb and the migrations this way.
   */
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
  /**
   * PGlite only: a private in-memory copy of the database as it is now, for long reads (a backup):
   * the copy has its own connection, so reading it never holds the one connection everyone shares.
   * Close it when done.
   */
  snapshot?(): Promise<DatabaseHandle>;
  /**
   * LISTENs on a channel (NOTIFY is delivered on commit, from any instance on the same database).
   * PostgreSQL: a dedicated connection that reconnects by itself (onReconnect is called after a
   * gap, when notifications may have been missed); PGlite: its built-in listener.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
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
  return { kind: 'postgres', db, pool, schema, listen: (channel, onPayload, onReconnect) => listenPostgres(url, channel, onPayload, onReconnect), close: () => db.destroy() };
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
  const load = template && !(dataDir && existsSync(join(dataDir, 'PG_VERSION')));
  let pglite: InstanceType<typeof PGlite>;
  try {
    pglite = await PGlite.create(dataDir, { extensions: { pg_trgm }, postgresqlconf: [`shared_buffers = ${sharedBuffers}`, 'random_page_cost = 1.1'], ...(load ? { loadDataDir: template } : {}) });
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
    async snapshot() {
      const copy = await pglite.clone();
      const copyPool = new pg.Pool(createPgConfig(copy as InstanceType<typeof PGlite>) as pg.PoolConfig);
      const copyDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyPool }) });
      return {
        kind: 'pglite',
        db: copyDb,
        pool: copyPool,
        schema: 'public',
        listen: async () => async () => undefined,
        async close() {
          await copyDb.destroy().catch(() => undefined);
          await copy.close();
        },
      };
    },
    listen: async (channel, onPayload) => {
      const unlisten = await pglite.listen(channel, onPayload);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
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

/** One client per listen call, outside the pool; on a lost connection it retries every 2 s. */
async function listenPostgres(url: string, channel: string, onPayload: (payload: string) => void, onReconnect?: () => void) {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (isReconnect: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onPayload(msg.payload ?? '');
    });
    c.on('error', () => scheduleReconnect(c));
    c.on('end', () => scheduleReconnect(c));
    await c.connect();
    await c.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    client = c;
    if (isReconnect) onReconnect?.();
  };
  const scheduleReconnect = (c: pg.Client) => {
    if (stopped || client !== c) return;
    client = null;
    c.end().catch(() => undefined);
    retry = setTimeout(function attempt() {
      if (stopped) return;
      connect(true).catch(() => {
        if (!stopped) retry = setTimeout(attempt, 2000);
      });
    }, 2000);
  };
  await connect(false);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

async function ensureExtensions(db: Kysely<Database>) {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
}
