import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { noteGrowth } from '../../db/growth-stats.js';
import type { BatchHook, RecordHooks } from '../../engine/hooks/hooks.js';
import { fieldsRead, matchKeys, type MatchKey } from './match-keys.js';
import { DEFAULT_RULES, KEY_VERSION } from './rules.js';

/**
 * duplicate_keys holds the match keys of every live record of objects with rules, so a check or
 * the finder is an index lookup; duplicate_groups holds the keys shared by two or more of them. Keys are kept for every rule, enabled or not: tuning a rule needs
 * no rebuild. The engine's hooks run inside the record's transaction, so keys commit with it.
 */
export function registerKeyMaintenance(hooks: RecordHooks) {
  for (const [object, rules] of Object.entries(DEFAULT_RULES)) {
    const read = fieldsRead(rules);
    // One INSERT per write, whether it created one record or an import's batch of thousands.
    const insertAll: BatchHook = async (events) => {
      // Records of a large import get their keys from the deferred pass (afterIndex below).
      const records = events.flatMap((e) => (e.record && !e.indexLater ? [e.record] : []));
      if (records.length) await insertKeys(events[0].trx, object, records, { onlyAdded: true });
    };
    hooks.onBatch(object, 'afterCreate', insertAll);
    hooks.onBatch(object, 'afterRestore', insertAll);
    // The deferred pass may repeat a batch (after a crash) or meet a record an update has keyed: only records without keys get them.
    hooks.onBatch(object, 'afterIndex', async (events) => {
      const trx = events[0].trx;
      const ids = events.map((e) => e.record!.id as string);
      const { rows } = await sql<{ id: string }>`SELECT DISTINCT record_id AS id FROM duplicate_keys WHERE object = ${object} AND record_id = ANY(${sql.val(ids)}::uuid[])`.execute(trx);
      const keyed = new Set(rows.map((r) => r.id));
      const records = events.map((e) => e.record!).filter((r) => !keyed.has(r.id as string));
      if (records.length) await insertKeys(trx, object, records, { onlyAdded: true });
      // A large import's deferred pass adds millions of keys: the group lookups need plans for a full table.
      await noteGrowth(trx, 'duplicate_keys', records.length * rules.length);
    });
    hooks.onBatch(object, 'afterUpdate', async (events) => {
      const records = events.filter((e) => e.record && Object.keys(e.values).some((f) => read.has(f) || f === 'owner_id')).map((e) => e.record!);
      if (!records.length) return;
      const removed = await deleteKeys(events[0].trx, object, records.map((r) => r.id as string), { refreshGroups: false });
      await insertKeys(events[0].trx, object, records, { alsoRefresh: removed });
    });
    hooks.onBatch(object, 'afterDelete', async (events) => {
      const ids = events.flatMap((e) => (e.record ? [e.record.id as string] : []));
      if (ids.length) await deleteKeys(events[0].trx, object, ids);
    });
  }
}

type KeyRef = Pick<MatchKey, 'rule' | 'kind' | 'value'>;

/** Deletes the keys of records and (unless told not to) brings their groups up to date; returns the keys removed. */
export async function deleteKeys(db: Kysely<Database>, object: string, recordIds: string[], opts: { refreshGroups?: boolean } = {}): Promise<KeyRef[]> {
  const { rows } = await sql<KeyRef>`
    DELETE FROM duplicate_keys WHERE record_id = ANY(${sql.val(recordIds)}::uuid[]) AND object = ${object}
    RETURNING rule, kind, value`.execute(db);
  if (opts.refreshGroups !== false) await refreshGroups(db, object, rows);
  return rows;
}

/**
 * Inserts the keys of records (id, owner_id and the fields the rules read) as one statement, then
 * brings the groups of those keys (and of `alsoRefresh`, keys just removed) up to date.
 */
export async function insertKeys(
  db: Kysely<Database>,
  object: string,
  records: Record<string, unknown>[],
  opts: { alsoRefresh?: KeyRef[]; refreshGroups?: boolean; onlyAdded?: boolean } = {},
) {
  const rules = DEFAULT_RULES[object] ?? [];
  const rows: (MatchKey & { recordId: string; ownerId: string | null })[] = [];
  for (const record of records) {
    for (const key of matchKeys(rules, record)) rows.push({ ...key, recordId: record.id as string, ownerId: (record.owner_id as string | null) ?? null });
  }
  if (rows.length) {
    // unnest() takes any number of rows in six parameters (a VALUES list would hit the 65,535 limit).
    await sql`
      INSERT INTO duplicate_keys (object, rule, kind, value, record_id, owner_id)
      SELECT ${object}, * FROM unnest(
        ${sql.val(rows.map((r) => r.rule))}::text[], ${sql.val(rows.map((r) => r.kind))}::text[],
        ${sql.val(rows.map((r) => r.value))}::text[], ${sql.val(rows.map((r) => r.recordId))}::uuid[],
        ${sql.val(rows.map((r) => r.ownerId))}::uuid[])`.execute(db);
  }
  if (opts.onlyAdded) await growGroups(db, object, rows);
  else if (opts.refreshGroups !== false) await refreshGroups(db, object, [...rows, ...(opts.alsoRefresh ?? [])]);
}

/** Owners of a group's members, repeats kept (a rep needs two records of their own to see a group); null past 100 members. */
const OWNERS_OF_SMALL_GROUP = sql`CASE WHEN count(*) <= 100 THEN array_agg(k.owner_id ORDER BY k.owner_id) END`;

/**
 * Recounts the given keys and writes duplicate_groups to match: a key of two or more records has a
 * row with its count, any other key none. Counting from duplicate_keys (not adding one) keeps the
 * table right whatever happened before. Two transactions on PostgreSQL that give the same new key
 * to different records at the same instant each count without the other's uncommitted key; the
 * recount after commit (recount-after-commit.ts) repairs that.
 */
export async function refreshGroups(db: Kysely<Database>, object: string, keys: KeyRef[]) {
  if (!keys.length) return;
  await sql`
    WITH touched AS (
      SELECT DISTINCT rule, kind, value
      FROM unnest(${sql.val(keys.map((k) => k.rule))}::text[], ${sql.val(keys.map((k) => k.kind))}::char(1)[], ${sql.val(keys.map((k) => k.value))}::text[]) AS t(rule, kind, value)
    ), counted AS (
      SELECT t.rule, t.kind, t.value, c.size, c.owners FROM touched t CROSS JOIN LATERAL (
        SELECT count(*)::int AS size, ${OWNERS_OF_SMALL_GROUP} AS owners
        FROM duplicate_keys k WHERE k.object = ${object} AND k.rule = t.rule AND k.kind = t.kind AND k.value = t.value
      ) c
    ), gone AS (
      DELETE FROM duplicate_groups g USING counted c
      WHERE g.object = ${object} AND g.rule = c.rule AND g.kind = c.kind AND g.value = c.value AND c.size < 2
    )
    INSERT INTO duplicate_groups (object, rule, kind, value, size, owners)
    SELECT ${object}, rule, kind, value, size, owners FROM counted WHERE size >= 2 ORDER BY rule, kind, value
    ON CONFLICT (object, rule, kind, value) DO UPDATE SET size = excluded.size, owners = excluded.owners`.execute(db);
}

/**
 * Brings the groups of keys up to date after records were only added (created or restored): a key
 * that has a group grows by the records added, without counting the group again, which at a few
 * hundred members per key made each batch of an import slower than the one before; a key without
 * one had at most one record before and is counted, cheaply. Adding a key does not affect any other
 * key, so this is as exact as refreshGroups; the group row's lock orders concurrent writers.
 */
async function growGroups(db: Kysely<Database>, object: string, added: { rule: string; kind: string; value: string; ownerId: string | null }[]) {
  if (!added.length) return;
  await sql`
    WITH added AS (
      SELECT rule, kind, value, count(*)::int AS n, array_agg(owner_id) AS owners
      FROM unnest(${sql.val(added.map((k) => k.rule))}::text[], ${sql.val(added.map((k) => k.kind))}::char(1)[],
        ${sql.val(added.map((k) => k.value))}::text[], ${sql.val(added.map((k) => k.ownerId))}::uuid[]) AS a(rule, kind, value, owner_id)
      GROUP BY rule, kind, value
    ), grown AS (
      UPDATE duplicate_groups g SET size = g.size + a.n,
        owners = CASE WHEN g.size + a.n <= 100 THEN (SELECT array_agg(o ORDER BY o) FROM unnest(g.owners || a.owners) AS o) END
      FROM added a
      WHERE g.object = ${object} AND g.rule = a.rule AND g.kind = a.kind AND g.value = a.value
      RETURNING g.rule, g.kind, g.value
    ), counted AS (
      SELECT a.rule, a.kind, a.value, c.size, c.owners FROM added a CROSS JOIN LATERAL (
        SELECT count(*)::int AS size, ${OWNERS_OF_SMALL_GROUP} AS owners
        FROM duplicate_keys k WHERE k.object = ${object} AND k.rule = a.rule AND k.kind = a.kind AND k.value = a.value
      ) c
      WHERE NOT EXISTS (SELECT 1 FROM duplicate_groups g WHERE g.object = ${object} AND g.rule = a.rule AND g.kind = a.kind AND g.value = a.value)
    )
    INSERT INTO duplicate_groups (object, rule, kind, value, size, owners)
    SELECT ${object}, rule, kind, value, size, owners FROM counted WHERE size >= 2 ORDER BY rule, kind, value
    ON CONFLICT (object, rule, kind, value) DO UPDATE SET size = excluded.size, owners = excluded.owners`.execute(db);
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
    await sql`DELETE FROM duplicate_groups WHERE object = ${object}`.execute(trx);
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const { rows } = await sql<Record<string, unknown>>`
        SELECT ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(object)}
        WHERE deleted_at IS NULL AND id > ${after}::uuid ORDER BY id LIMIT ${BATCH}`.execute(trx);
      if (!rows.length) break;
      await insertKeys(trx, object, rows, { refreshGroups: false });
      total += rows.length;
      after = rows[rows.length - 1].id as string;
    }
    await sql`
      INSERT INTO duplicate_groups (object, rule, kind, value, size, owners)
      SELECT object, rule, kind, value, count(*), ${OWNERS_OF_SMALL_GROUP} FROM duplicate_keys k WHERE object = ${object}
      GROUP BY object, rule, kind, value HAVING count(*) > 1`.execute(trx);
    // Fresh statistics, so lookups use the indexes right away rather than a plan for an empty table.
    await sql`ANALYZE duplicate_keys, duplicate_groups`.execute(trx);
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
