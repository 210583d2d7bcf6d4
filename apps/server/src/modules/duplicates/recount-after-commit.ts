import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { BATCH_UPDATED, batchUpdates } from '../../engine/jobs/batch-event.js';
import type { EventBus, RecordEvent } from '../../engine/jobs/event-bus.js';
import { refreshGroups } from './key-index.js';
import { fieldsRead, matchKeys, type MatchKey } from './match-keys.js';
import { DEFAULT_RULES } from './rules.js';

type KeyRef = Pick<MatchKey, 'rule' | 'kind' | 'value'>;

/** Changes that only add keys: the group a race can lose is one that does not exist yet. */
const ADDING = new Set(['record.created', 'record.restored', 'record.imported', 'record.unmerged']);

/**
 * The hooks count a key's group inside the writing transaction, which keeps the finder right at
 * once, except on PostgreSQL when two transactions give the same new key to two records at the same
 * instant: each counts without the other's uncommitted row and neither writes the group. So every
 * committed change of a record with keys recounts them again from its event, which runs after its
 * transaction committed: the later of the two sees both rows and writes the group.
 */
export function registerRecountAfterCommit(bus: EventBus, db: Kysely<Database>) {
  // Every event of every object passes here: the fields each object's rules read are worked out once.
  const fieldsByObject = new Map(Object.entries(DEFAULT_RULES).map(([object, rules]) => [object, fieldsRead(rules)]));
  bus.subscribe('*', async (event) => {
    const rules = DEFAULT_RULES[event.object];
    const read = fieldsByObject.get(event.object);
    if (!rules || !read || !touchesKeys(event, read)) return;
    if (ADDING.has(event.topic)) {
      // Keys that already have a group grew under its row lock, which orders concurrent writers;
      // recounting those (hundreds of members for a common company name) on every import batch
      // would cost what growGroups saves.
      const ids = event.topic === 'record.imported' ? importedIds(event, read) : [event.recordId];
      await refreshGroups(db, event.object, await keysWithoutGroup(db, event.object, ids));
      return;
    }
    // An edit (or a bulk update's batch of them), delete or merge: the records' keys now and those the changes removed.
    const changes = event.topic === BATCH_UPDATED ? batchUpdates(event).filter((item) => touchesKeys(item, read)) : [event];
    if (!changes.length) return;
    const { rows: current } = await sql<KeyRef>`
      SELECT DISTINCT rule, kind, value FROM duplicate_keys
      WHERE object = ${event.object} AND record_id = ANY(${sql.val(changes.map((c) => c.recordId))}::uuid[])`.execute(db);
    const keys: KeyRef[] = [...current];
    for (const change of changes) {
      const record = change.payload.record ?? {};
      const before = { ...record, ...Object.fromEntries(Object.entries(change.payload.changes ?? {}).map(([field, c]) => [field, c.from])) };
      keys.push(...matchKeys(rules, record), ...matchKeys(rules, before));
    }
    await refreshGroups(db, event.object, keys);
  });
}

function touchesKeys(event: RecordEvent, read: Set<string>): boolean {
  if (event.topic === BATCH_UPDATED) return true; // its records are looked at one by one
  if (event.topic !== 'record.updated') return event.topic.startsWith('record.');
  return Object.keys(event.payload.changes ?? {}).some((field) => read.has(field) || field === 'owner_id');
}

/** Keys of these records that another record shares but no group row holds: what a race lost. */
async function keysWithoutGroup(db: Kysely<Database>, object: string, recordIds: string[]): Promise<KeyRef[]> {
  if (!recordIds.length) return [];
  const { rows } = await sql<KeyRef>`
    SELECT DISTINCT k.rule, k.kind, k.value FROM duplicate_keys k
    WHERE k.object = ${object} AND k.record_id = ANY(${sql.val(recordIds)}::uuid[])
      AND NOT EXISTS (SELECT 1 FROM duplicate_groups g WHERE g.object = k.object AND g.rule = k.rule AND g.kind = k.kind AND g.value = k.value)
      AND EXISTS (SELECT 1 FROM duplicate_keys o WHERE o.object = k.object AND o.rule = k.rule AND o.kind = k.kind AND o.value = k.value AND o.record_id <> k.record_id)`.execute(db);
  return rows;
}

/**
 * An import batch's records that may carry new keys: those it created and those whose update
 * touched a field the rules read (an update's removed keys were recounted by its hook already).
 */
function importedIds(event: RecordEvent, read: Set<string>): string[] {
  const batch = (event.payload as { import?: { created?: string[]; updated?: { id: string; changes: Record<string, unknown> }[] } }).import;
  const touched = (batch?.updated ?? []).filter((u) => Object.keys(u.changes).some((field) => read.has(field))).map((u) => u.id);
  return [...(batch?.created ?? []), ...touched];
}
