import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { RecordHooks } from '../../engine/hooks/hooks.js';
import { fieldsRead, matchKeys, type MatchKey } from './match-keys.js';
import { DEFAULT_RULES, KEY_VERSION } from './rules.js';

/**
 * duplicate_keys holds the match keys of every live record of objects with rules, so a check or
 * the finder is an index lookup. Keys are kept for every rule, enabled or not: tuning a rule needs
 * no rebuild. The engine's hooks run inside the record's transaction, so keys commit with it.
 */
export function registerKeyMaintenance(hooks: RecordHooks) {
  for (const [object, rules] of Object.entries(DEFAULT_RULES)) {
    const read = fieldsRead(rules);
    hooks.on(object, 'afterCreate', async ({ trx, record }) => {
      if (record) await insertKeys(trx, object, [record]);
    });
    hooks.on(object, 'afterRestore', async ({ trx, record }) => {
      if (record) await insertKeys(trx, object, [record]);
    });
    hooks.on(object, 'afterUpdate', async ({ trx, values, record }) => {
      if (!record || !Object.keys(values).some((f) => read.has(f) || f === 'owner_id')) return;
      await deleteKeys(trx, [record.id as string]);
      await insertKeys(trx, object, [record]);
    });
    hooks.on(object, 'afterDelete', async ({ trx, record }) => {
      if (record) await deleteKeys(trx, [record.id as string]);
    });
  }
}

export async function deleteKeys(db: Kysely<Database>, recordIds: string[]) {
  await sql`DELETE FROM duplicate_keys WHERE record_id = ANY(${sql.val(recordIds)}::uuid[])`.execute(db);
}

/** Inserts the keys of records (id, owner_id and the fields the rules read), as one statement. */
export async function insertKeys(db: Kysely<Database>, object: string, records: Record<string, unknown>[]) {
  const rules = DEFAULT_RULES[object] ?? [];
  const rows: (MatchKey & { recordId: string; ownerId: string | null })[] = [];
  for (const record of records) {
    for (const key of matchKeys(rules, record)) rows.push({ ...key, recordId: record.id as string, ownerId: (record.owner_id as string | null) ?? null });
  }
  if (!rows.length) return;
  // unnest() takes any number of rows in six parameters (a VALUES list would hit the 65,535 limit).
  await sql`
    INSERT INTO duplicate_keys (object, rule, kind, value, record_id, owner_id)
    SELECT ${object}, * FROM unnest(
      ${sql.val(rows.map((r) => r.rule))}::text[], ${sql.val(rows.map((r) => r.kind))}::text[],
      ${sql.val(rows.map((r) => r.value))}::text[], ${sql.val(rows.map((r) => r.recordId))}::uuid[],
      ${sql.val(rows.map((r) => r.ownerId))}::uuid[])`.execute(db);
}

const BATCH = 5000;

/**
 * Recomputes the keys of all live records of one object (records written before this module
 * existed, or keys of an older KEY_VERSION), in batches ordered by id. One transaction: a failed
 * rebuild leaves the previous keys. Returns the number of records read.
 */
export async function rebuildKeys(db: Kysely<Database>, object: string): Promise<number> {
  const rules = DEFAULT_RULES[object] ?? [];
  const columns = [...new Set(['id', 'owner_id', ...fieldsRead(rules)])];
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`duplicate_keys:${object}`}))`.execute(trx);
    await sql`DELETE FROM duplicate_keys WHERE object = ${object}`.execute(trx);
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const { rows } = await sql<Record<string, unknown>>`
        SELECT ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(object)}
        WHERE deleted_at IS NULL AND id > ${after}::uuid ORDER BY id LIMIT ${BATCH}`.execute(trx);
      if (!rows.length) break;
      await insertKeys(trx, object, rows);
      total += rows.length;
      after = rows[rows.length - 1].id as string;
    }
    // Fresh statistics, so lookups use the indexes right away rather than a plan for an empty table.
    await sql`ANALYZE duplicate_keys`.execute(trx);
    await sql`
      INSERT INTO duplicate_key_state (object, version) VALUES (${object}, ${KEY_VERSION})
      ON CONFLICT (object) DO UPDATE SET version = excluded.version, built_at = now()`.execute(trx);
    return total;
  });
}

/** Rebuilds the keys of every object whose keys are missing or from an older version. */
export async function backfillKeys(db: Kysely<Database>, log: (msg: string) => void = () => undefined) {
  const state = await db.selectFrom('duplicate_key_state').selectAll().execute();
  for (const object of Object.keys(DEFAULT_RULES)) {
    if (state.find((s) => s.object === object)?.version === KEY_VERSION) continue;
    const started = Date.now();
    const n = await rebuildKeys(db, object);
    log(`duplicates: match keys of ${n} ${object} built in ${Date.now() - started} ms`);
  }
}
