import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { BATCH_UPDATED, batchUpdates } from '../../../engine/jobs/batch-event.js';
import type { EventBus, RecordEvent } from '../../../engine/jobs/event-bus.js';
import { notify } from '../notify.js';
import { assignedText, importedText, type AssignedBy, type AssignedNotice } from './assigned-texts.js';

/** Events of one transaction are looked for this many outbox ids around the event (bulk calls write ≤ 1,000). */
const GROUP_SPAN = 2000;

interface Recipient {
  id: string;
  locale: string;
}

/**
 * 分配给我 (record_assigned): tells a user that a record became theirs — created for them, given
 * to them by hand, by an automation rule (assign_owner, territory, round-robin), a bulk owner
 * transfer or an import — never the user who made the change (claiming from the pool is no news).
 * Runs after commit from the bus (at least once), deduped per change. All records one transaction
 * gives one user make one notice ("12 个客户已分配给您"); an import makes one per new owner and
 * object once it has finished, with the true count.
 */
export function registerAssignedNotices(bus: EventBus, db: Kysely<Database>, engine: Engine) {
  const handle = (e: RecordEvent) => onChange(db, engine, e);
  bus.subscribe('record.created', handle);
  bus.subscribe('record.updated', handle);
  // A bulk update's one event: each new owner among its records is told once (the group query finds all their records).
  bus.subscribe(BATCH_UPDATED, async (e) => {
    const told = new Set<string>();
    for (const item of batchUpdates(e)) {
      const owner = newOwnerOf(item);
      if (!owner || told.has(owner)) continue;
      told.add(owner);
      await handle(item);
    }
  });
  bus.subscribe('import.finished', (e) => onImportFinished(db, engine, e.recordId));
}

function newOwnerOf(e: RecordEvent): string | null {
  const owner = e.topic === 'record.created' ? e.payload.record?.owner_id : e.payload.changes?.owner_id?.to;
  return typeof owner === 'string' ? owner : null;
}

async function recipient(db: Kysely<Database>, userId: string): Promise<Recipient | null> {
  return (await db.selectFrom('users').select(['id', 'locale']).where('id', '=', userId).where('active', '=', true).executeTakeFirst()) ?? null;
}

async function assignedBy(db: Kysely<Database>, actorId: string | null, cause?: unknown): Promise<AssignedBy> {
  if (actorId) {
    const user = await db.selectFrom('users').select('name').where('id', '=', actorId).executeTakeFirst();
    return user ? { user: user.name } : null;
  }
  const ruleId = (cause as { automation?: { ruleId?: string } } | undefined)?.automation?.ruleId;
  const rule = ruleId ? await db.selectFrom('automation_rules').select('name').where('id', '=', ruleId).executeTakeFirst() : undefined;
  return rule ? { rule: rule.name } : null;
}

async function onChange(db: Kysely<Database>, engine: Engine, e: RecordEvent) {
  const owner = newOwnerOf(e);
  if (!owner || owner === e.payload.actorId || !engine.metadata.has(e.object)) return;
  const user = await recipient(db, owner);
  if (!user) return;
  // The same transaction's other changes giving this user records of this object (a bulk call):
  // same commit time, same actor. Every event of the group finds the same group and key.
  const { rows } = await sql<{ id: string; record_id: string; record: Record<string, unknown> }>`
    WITH me AS (SELECT created_at FROM outbox WHERE id = ${e.id}),
    tx AS (
      SELECT o.* FROM outbox o, me
      WHERE o.id BETWEEN ${Number(e.id) - GROUP_SPAN} AND ${Number(e.id) + GROUP_SPAN}
        AND o.created_at = me.created_at AND o.object = ${e.object}
        AND o.payload->>'actorId' IS NOT DISTINCT FROM ${e.payload.actorId ?? null})
    SELECT id, record_id, record FROM (
      SELECT o.id, 0 AS n, o.record_id, o.payload->'record' AS record FROM tx o
      WHERE (o.topic = 'record.updated' AND o.payload->'changes'->'owner_id'->>'to' = ${owner})
        OR (o.topic = 'record.created' AND o.payload->'record'->>'owner_id' = ${owner})
      UNION ALL
      SELECT o.id, i.n, (i.item->>'id')::uuid, i.item->'record' FROM tx o, jsonb_array_elements(o.payload->'batch'->'updated') WITH ORDINALITY AS i(item, n)
      WHERE o.topic = ${BATCH_UPDATED} AND i.item->'changes'->'owner_id'->>'to' = ${owner}
    ) g ORDER BY id, n`.execute(db);
  const group = rows.length ? rows : [{ id: e.id, record_id: e.recordId, record: e.payload.record }];
  const meta = engine.metadata.get(e.object);
  const titles = group.map((r) => String(r.record?.[meta.titleField] ?? r.record?.name ?? ''));
  const text = assignedText(user.locale, meta, titles, await assignedBy(db, e.payload.actorId, e.payload.cause));
  const single = group.length === 1;
  await send(db, user, text, {
    dedupeKey: `assigned:${e.object}:${group[0].id}`,
    link: single ? `/o/${e.object}/${group[0].record_id}` : `/o/${e.object}`,
    object: e.object,
    recordId: single ? group[0].record_id : undefined,
    name: single ? titles[0] : text.title,
  });
}

/**
 * A finished import: per object it wrote and per new owner, one notice with how many records the
 * import gave that owner (created for them, or moved to them by an update), counted from the
 * import's undo entries. In-app, e-mail and robot all carry the true total; the dedupe key makes a
 * repeated delivery send nothing.
 */
async function onImportFinished(db: Kysely<Database>, engine: Engine, importId: string) {
  const imp = await db.selectFrom('imports').select(['file_name', 'created_by']).where('id', '=', importId).executeTakeFirst();
  if (!imp) return;
  const by = await assignedBy(db, imp.created_by);
  const { rows: objects } = await sql<{ object: string }>`SELECT DISTINCT object FROM import_changes WHERE import_id = ${importId}`.execute(db);
  for (const { object } of objects) {
    if (!engine.metadata.has(object)) continue;
    const meta = engine.metadata.get(object);
    if (!meta.fields.some((f) => f.name === 'owner_id' && !f.archived)) continue;
    const { rows: owners } = await sql<{ owner_id: string; n: string }>`
      SELECT t.owner_id, count(*) AS n FROM import_changes c JOIN ${sql.table(object)} t ON t.id = c.record_id
      WHERE c.import_id = ${importId} AND c.object = ${object} AND t.owner_id IS NOT NULL AND t.owner_id IS DISTINCT FROM ${imp.created_by}::uuid
        AND (c.action = 'created' OR (c.previous ? 'owner_id' AND c.previous->>'owner_id' IS DISTINCT FROM t.owner_id::text))
      GROUP BY t.owner_id`.execute(db);
    for (const { owner_id: owner, n } of owners) {
      const user = await recipient(db, owner);
      if (!user) continue;
      const text = importedText(user.locale, meta, imp.file_name, Number(n), by);
      await send(db, user, text, { dedupeKey: `assigned:import:${importId}:${object}`, link: `/o/${object}`, object, name: text.title });
    }
  }
}

async function send(db: Kysely<Database>, user: Recipient, text: AssignedNotice, o: { dedupeKey: string; link: string; object: string; recordId?: string; name: string }) {
  await notify(
    { userIds: [user.id], kind: 'record_assigned', title: text.title, body: text.body, link: o.link, object: o.object, recordId: o.recordId, dedupeKey: o.dedupeKey, vars: { record: { name: o.name } } },
    db,
  );
}
