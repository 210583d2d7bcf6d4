import type { FieldDefinition, ObjectDefinition } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { columnsOf } from './columns.js';
import { EXTERNAL_ID_FIELD } from './system-fields.js';

const LOCK_KEY = 7_426_001;

/**
 * Creates each object's table and any missing columns and indexes, idempotently. Standard objects
 * evolve this way; renames or type changes need a versioned migration instead.
 */
export async function syncObjectTables(db: Kysely<Database>, objects: ObjectDefinition[]) {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    for (const object of objects) await syncTable(trx, object);
  });
}

async function syncTable(db: Kysely<Database>, object: ObjectDefinition) {
  const table = sql.table(object.name);
  await sql`
    CREATE TABLE IF NOT EXISTS ${table} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid,
      version integer NOT NULL DEFAULT 1,
      deleted_at timestamptz
    )`.execute(db);
  await createIndex(db, object.name, 'live_created', sql`(created_at DESC, id DESC) WHERE deleted_at IS NULL`);
  await createIndex(db, object.name, 'live_updated', sql`(updated_at DESC, id DESC) WHERE deleted_at IS NULL`);
  // Equality column first, then the default sort with its id tie-breaker: a filtered first page
  // ("my customers", "status = active", newest first) reads exactly the rows it returns.
  await createIndex(db, object.name, 'owner', sql`(owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL`);
  await createIndex(db, object.name, 'deleted', sql`(deleted_at DESC) WHERE deleted_at IS NOT NULL`);
  if (object.searchable) {
    await sql`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS _search tsvector`.execute(db);
    // Records have many lexemes each (bigrams, pinyin suffixes), so with the default statistics a
    // name like 张伟 or an email prefix falls outside the sampled common elements and gets a blind
    // estimate; for a term with few or no matches the planner then walks the whole updated_at index
    // (seconds at a million rows). Finer statistics let it pick the GIN index for rare terms.
    await sql`ALTER TABLE ${table} ALTER COLUMN _search SET STATISTICS 1000`.execute(db);
    await createIndex(db, object.name, 'search', sql`USING gin (_search)`);
  }
  for (const field of [EXTERNAL_ID_FIELD, ...object.fields]) await addFieldColumns(db, object.name, field);
}

export async function addFieldColumns(db: Kysely<Database>, object: string, field: FieldDefinition) {
  for (const column of columnsOf(field)) {
    await sql`ALTER TABLE ${sql.table(object)} ADD COLUMN IF NOT EXISTS ${sql.ref(column.name)} ${sql.raw(column.sqlType)}`.execute(db);
  }
  await syncFieldIndexes(db, object, field);
}

export async function syncFieldIndexes(db: Kysely<Database>, object: string, field: FieldDefinition) {
  const col = sql.ref(field.name);
  if (field.unique) {
    await sql`CREATE UNIQUE INDEX IF NOT EXISTS ${sql.id(`${object}_${field.name}_unique`)} ON ${sql.table(object)} (${col}) WHERE deleted_at IS NULL`.execute(db);
  } else {
    await sql`DROP INDEX IF EXISTS ${sql.id(`${object}_${field.name}_unique`)}`.execute(db);
  }
  const wantsIndex = field.indexed || field.type === 'relation' || field.type === 'user';
  if (!wantsIndex) return;
  const isArray = field.type === 'tags' || field.type === 'multi_select';
  const definition = isArray ? sql`USING gin (${col})` : sql`(${col}, created_at DESC, id DESC) WHERE deleted_at IS NULL`;
  await createIndex(db, object, field.name, definition);
}

async function createIndex(db: Kysely<Database>, table: string, suffix: string, definition: ReturnType<typeof sql>) {
  await sql`CREATE INDEX IF NOT EXISTS ${sql.id(`${table}_${suffix}_idx`)} ON ${sql.table(table)} ${definition}`.execute(db);
}

export async function dropFieldColumns(db: Kysely<Database>, object: string, field: FieldDefinition) {
  for (const column of columnsOf(field)) {
    await sql`ALTER TABLE ${sql.table(object)} DROP COLUMN IF EXISTS ${sql.ref(column.name)}`.execute(db);
  }
}
