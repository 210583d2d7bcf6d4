import type { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { FieldDefinition } from '@crm/schema';
import type { DatabaseHandle } from '../db/connection.js';
import type { Database } from '../db/types.js';
import { syncFieldIndexes } from '../engine/metadata/table-sync.js';
import type { Manifest } from './archive-format.js';
import { archiveBatches, ArchiveError, verifyArchive } from './read-archive.js';
import { discoverTables, type TableInfo } from './tables.js';

const BATCH = 1000;

export class RestoreRefused extends Error {}

export interface RestoreResult {
  manifest: Manifest;
  rows: number;
}

/**
 * Restores an archive into this install, on PGlite or PostgreSQL whichever it came from:
 * 1. reads the whole archive once and checks it (checksum, row counts) before writing anything;
 * 2. refuses a newer app version's archive, and an install that already holds data unless `force`;
 * 3. in one transaction: adds the columns the archive has and this install lacks (custom fields),
 *    empties the data tables, loads rows parents first, sets self-references (teams.parent_id)
 *    afterwards, resets sequences and recreates custom field indexes.
 * `open` is called twice: once to verify, once to load.
 */
export async function restoreBackup(handle: DatabaseHandle, open: () => Readable, options: { force?: boolean } = {}): Promise<RestoreResult> {
  const manifest = await verifyArchive(open());
  const db = handle.db;
  const here = await discoverTables(db, handle.schema);
  const { rows: applied } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  const unknown = manifest.migrations.filter((m) => !applied.some((a) => a.name === m));
  if (unknown.length) throw new RestoreRefused(`the archive comes from a newer version of the app (migrations ${unknown.join(', ')}); upgrade this install first`);
  const missing = manifest.tables.filter((t) => !here.some((h) => h.name === t.name));
  if (missing.length) throw new RestoreRefused(`this install has no table ${missing.map((t) => t.name).join(', ')}: the archive comes from an install with more modules`);
  if (!options.force) {
    const used = await tablesWithData(db, here);
    if (used.length) throw new RestoreRefused(`this install is not empty (${used.join(', ')} hold data); restore into an empty install, or pass --force to replace everything`);
  }

  let rows = 0;
  await db.transaction().execute(async (trx) => {
    for (const table of manifest.tables) {
      const target = here.find((h) => h.name === table.name)!;
      for (const column of table.columns.filter((c) => !target.columns.some((tc) => tc.name === c.name))) {
        await sql`ALTER TABLE ${sql.table(table.name)} ADD COLUMN ${sql.ref(column.name)} ${sql.raw(safeType(column.type))}`.execute(trx);
      }
    }
    // CASCADE also empties what points at these tables but is not backed up (sessions of the old users).
    await sql`TRUNCATE ${sql.join(here.map((t) => sql.table(t.name)))} CASCADE`.execute(trx);
    await sql`DELETE FROM outbox`.execute(trx);
    const deferred = new Map<string, string[]>();
    for await (const batch of archiveBatches(open(), BATCH)) {
      const table = here.find((h) => h.name === batch.table)!;
      const columns = manifest.tables.find((t) => t.name === batch.table)!.columns.map((c) => c.name);
      await insertRows(trx, table, columns, batch.rows);
      if (table.selfReferences.length) deferred.set(table.name, [...(deferred.get(table.name) ?? []), ...batch.rows]);
      rows += batch.rows.length;
    }
    for (const [name, json] of deferred) await setSelfReferences(trx, here.find((h) => h.name === name)!, json);
    for (const table of here) {
      for (const column of table.serialColumns) {
        await sql`SELECT setval(pg_get_serial_sequence(${table.name}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false) FROM ${sql.table(table.name)}`.execute(trx);
      }
    }
    const custom = await trx.selectFrom('meta_fields').select(['object', 'definition']).where('custom', '=', true).execute();
    for (const f of custom) await syncFieldIndexes(trx, f.object, f.definition as FieldDefinition);
  });
  return { manifest, rows };
}

/** Rows every fresh install has (built-in roles, default rules and templates, bookkeeping): they do not make it "not empty". */
const SEEDED_ROWS: Record<string, string> = {
  roles: 'builtin',
  automation_rules: 'builtin_key IS NOT NULL',
  email_templates: 'builtin',
  duplicate_key_state: 'true',
  pipelines: "key = 'standard'",
  pipeline_stages: "pipeline_key = 'standard'",
  // The portal's link-signing secret, made by its migration.
  portal_settings: 'id = 1',
  // The chat widget's token and visitor-signing secret, made by its migration.
  chat_settings: 'id = 1',
};

async function tablesWithData(db: Kysely<Database>, tables: TableInfo[]): Promise<string[]> {
  const used: string[] = [];
  for (const t of tables) {
    const seeded = SEEDED_ROWS[t.name];
    const extra = seeded ? sql`WHERE NOT (${sql.raw(seeded)})` : sql``;
    const { rows } = await sql`SELECT 1 FROM ${sql.table(t.name)} ${extra} LIMIT 1`.execute(db);
    if (rows.length) used.push(t.name);
  }
  return used;
}

async function insertRows(trx: Kysely<Database>, table: TableInfo, columns: string[], json: string[]) {
  // Every archive column exists here by now (missing ones were added before loading).
  const present = columns;
  const values = present.map((c) => (table.selfReferences.includes(c) ? sql`NULL` : sql.ref(`x.${c}`)));
  await sql`
    INSERT INTO ${sql.table(table.name)} (${sql.join(present.map((c) => sql.ref(c)))})
    SELECT ${sql.join(values)} FROM jsonb_populate_recordset(NULL::${sql.table(table.name)}, ${`[${json.join(',')}]`}::jsonb) x`.execute(trx);
}

async function setSelfReferences(trx: Kysely<Database>, table: TableInfo, json: string[]) {
  if (!table.primaryKey.length) throw new ArchiveError(`table ${table.name} refers to itself but has no primary key`);
  const sets = table.selfReferences.map((c) => sql`${sql.ref(c)} = x.${sql.ref(c)}`);
  const match = table.primaryKey.map((c) => sql`t.${sql.ref(c)} = x.${sql.ref(c)}`);
  for (let i = 0; i < json.length; i += BATCH) {
    await sql`
      UPDATE ${sql.table(table.name)} t SET ${sql.join(sets)}
      FROM jsonb_populate_recordset(NULL::${sql.table(table.name)}, ${`[${json.slice(i, i + BATCH).join(',')}]`}::jsonb) x
      WHERE ${sql.join(match, sql` AND `)}`.execute(trx);
  }
}

/** A column type from the manifest goes into ALTER TABLE: only type names, never anything else. */
function safeType(type: string): string {
  if (!/^[a-z][a-z0-9 _]*(\(\d+(,\d+)?\))?(\[\])?$/i.test(type)) throw new ArchiveError(`unexpected column type '${type}' in the archive`);
  return type;
}
