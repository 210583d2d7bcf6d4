import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
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
 * gives one user make one notice ("12 个客户已分配给您"); an import makes one per new owner, its
 * count kept up to date as batches land.
 */
export function registerAssignedNotices(bus: EventBus, db: Kysely<Database>, engine: Engine) {
  const handle = (e: RecordEvent) => (e.topic === 'record.imported' ? onImported(db, engine, e) : onChange(db, engine, e));
  bus.subscribe('record.created', handle);
  bus.subscribe('record.updated', handle);
  bus.subscribe('record.imported', handle);
}

function newOwnerOf(e: RecordEvent): string | null {
  const owner = e.topic === 'record.created' ? e.payload.record?.owner_id : e.payload.changes?.owner_id?.to;
  return typeof owner === 'string' ? owner : null;
}

async function recipient(db: Kysely<Database>, userId: string): Promise<Recipient | null> {
  return (await db.selectFrom('users').select(['id', 'locale']).where('id', '=', userId).where('active', '=', true).executeTakeFirst()) ?? null;
}

async function assignedBy(db: Kysely<Database>, e: RecordEvent): Promise<AssignedBy> {
  if (e.payload.actorId) {
    const user = await db.selectFrom('users').select('name').where('id', '=', e.payload.actorId).executeTakeFirst();
    return user ? { user: user.name } : null;
  }
  const ruleId = (e.payload.cause as { automation?: { ruleId?: string } } | undefined)?.automation?.ruleId;
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
    SELECT o.id, o.record_id, o.payload->'record' AS record
    FROM outbox o, (SELECT created_at FROM outbox WHERE id = ${e.id}) me
    WHERE o.id BETWEEN ${Number(e.id) - GROUP_SPAN} AND ${Number(e.id) + GROUP_SPAN}
      AND o.created_at = me.created_at AND o.object = ${e.object}
      AND o.payload->>'actorId' IS NOT DISTINCT FROM ${e.payload.actorId ?? null}
      AND ((o.topic = 'record.updated' AND o.payload->'changes'->'owner_id'->>'to' = ${owner})
        OR (o.topic = 'record.created' AND o.payload->'record'->>'owner_id' = ${owner}))
    ORDER BY o.id`.execute(db);
  const group = rows.length ? rows : [{ id: e.id, record_id: e.recordId, record: e.payload.record }];
  const meta = engine.metadata.get(e.object);
  const titles = group.map((r) => String(r.record?.[meta.titleField] ?? r.record?.name ?? ''));
  const text = assignedText(user.locale, meta, titles, await assignedBy(db, e));
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
 * An import writes one event per batch. Each recounts, per new owner of the batch's records, how
 * many records of the whole import that owner got (from the import's audit entries, so a
 * repeated delivery counts nothing twice), and writes or updates that owner's one notice.
 */
async function onImported(db: Kysely<Database>, engine: Engine, e: RecordEvent) {
  const created = (e.payload as { import?: { created?: string[] } }).import?.created ?? [];
  if (!created.length || !engine.metadata.has(e.object)) return;
  const importId = e.recordId;
  const table = sql.table(e.object);
  const { rows: owners } = await sql<{ owner_id: string }>`
    SELECT DISTINCT owner_id FROM ${table} WHERE id = ANY(${sql.val(created)}::uuid[]) AND owner_id IS NOT NULL
      AND owner_id IS DISTINCT FROM ${e.payload.actorId ?? null}::uuid`.execute(db);
  if (!owners.length) return;
  const file = await db.selectFrom('imports').select('file_name').where('id', '=', importId).executeTakeFirst();
  const meta = engine.metadata.get(e.object);
  const by = await assignedBy(db, e);
  for (const { owner_id: owner } of owners) {
    const user = await recipient(db, owner);
    if (!user) continue;
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM ${table} t
      WHERE t.owner_id = ${owner} AND t.id IN (
        SELECT jsonb_array_elements_text(a.changes->'import'->'created')::uuid FROM audit_log a
        WHERE a.record_id = ${importId} AND a.action = 'import')`.execute(db);
    const text = importedText(user.locale, meta, file?.file_name ?? '', Number(rows[0].n), by);
    const dedupeKey = `assigned:import:${importId}`;
    await db.transaction().execute(async (trx) => {
      // Later batches update the notice in place (e-mail and robot go out once, for the first batch).
      const updated = await trx.updateTable('notifications').set({ title: text.title, body: text.body ?? null }).where('user_id', '=', owner).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
      if (Number(updated.numUpdatedRows)) return;
      await send(trx, user, text, { dedupeKey, link: `/o/${e.object}`, object: e.object, name: text.title });
    });
  }
}

async function send(db: Kysely<Database>, user: Recipient, text: AssignedNotice, o: { dedupeKey: string; link: string; object: string; recordId?: string; name: string }) {
  await notify(
    { userIds: [user.id], kind: 'record_assigned', title: text.title, body: text.body, link: o.link, object: o.object, recordId: o.recordId, dedupeKey: o.dedupeKey, vars: { record: { name: o.name } } },
    db,
  );
}
