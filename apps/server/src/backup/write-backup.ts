import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/connection.js';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, rowLine, type ArchiveEnd, type Manifest } from './archive-format.js';
import { discoverTables } from './tables.js';

const FETCH = 2000;

/**
 * Writes the whole install (every data table the catalog lists, see tables.ts) to `out` as archive
 * lines, from one consistent snapshot (a repeatable-read transaction), through a cursor so memory
 * stays flat. The embedded database has one connection, which that transaction would hold until
 * done (other users waited ~13 s): there the backup reads a private copy of the database instead,
 * taken in one short step, and the shared connection stays free.
 */
export async function writeBackup(handle: DatabaseHandle, out: Writable): Promise<{ manifest: Manifest; end: ArchiveEnd }> {
  if (!handle.snapshot) return writeFrom(handle, handle, out);
  const copy = await handle.snapshot();
  try {
    return await writeFrom(copy, handle, out);
  } finally {
    await copy.close();
  }
}

async function writeFrom(handle: DatabaseHandle, source: DatabaseHandle, out: Writable): Promise<{ manifest: Manifest; end: ArchiveEnd }> {
  const hash = createHash('sha256');
  const write = async (line: string) => {
    hash.update(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  return handle.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const tables = await discoverTables(trx, handle.schema);
      const { rows: migrations } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(trx);
      const counts: number[] = [];
      for (const t of tables) {
        const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t.name)}`.execute(trx);
        counts.push(Number(rows[0].n));
      }
      const manifest: Manifest = {
        format: ARCHIVE_FORMAT,
        formatVersion: ARCHIVE_VERSION,
        createdAt: new Date().toISOString(),
        source: source.kind,
        migrations: migrations.map((m) => m.name),
        tables: tables.map((t, i) => ({ name: t.name, columns: t.columns, rows: counts[i] })),
      };
      await write(`${JSON.stringify({ manifest })}\n`);
      let total = 0;
      for (const t of tables) {
        await sql`DECLARE crm_backup NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS j FROM ${sql.table(t.name)} t`.execute(trx);
        for (;;) {
          const { rows } = await sql<{ j: string }>`FETCH ${sql.raw(String(FETCH))} FROM crm_backup`.execute(trx);
          for (const row of rows) await write(rowLine(t.name, row.j));
          total += rows.length;
          if (rows.length < FETCH) break;
        }
        await sql`CLOSE crm_backup`.execute(trx);
      }
      const end: ArchiveEnd = { sha256: hash.copy().digest('hex'), rows: total };
      out.write(`${JSON.stringify({ end })}\n`);
      return { manifest, end };
    });
}
