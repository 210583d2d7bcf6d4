import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { recordChanges } from '../../engine/audit/audit.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { requireScope, scopeCondition } from '../../engine/permissions/access.js';
import { checkId } from '../../engine/records/record-service.js';
import { ApiError, notFound } from '../../http/errors.js';
import { lockRecords } from './merge-records.js';
import { actingFor, relink, type MovedLink } from './related-links.js';

const conflict = (message: string, path: string, detail: string) => new ApiError('conflict', message, [{ path, message: detail }]);

/**
 * Undoes a merge: the merged records come back from the recycle bin, the related records move back
 * to them, and the survivor gets its old values again, in one transaction through the engine.
 * Refused (409) when something changed since in a way undo would silently overwrite: the survivor
 * was edited or deleted, a merged record was restored or purged, or a moved record was relinked
 * or deleted.
 */
export async function undoMerge(engine: Engine, db: Kysely<Database>, mergeId: string, ctx: AccessContext) {
  const id = checkId(mergeId);
  const found = await db.selectFrom('merges').select('object').where('id', '=', id).executeTakeFirst();
  if (!found) throw notFound(`merge ${id}`);
  // Metadata is refreshed before the transaction: nothing inside it may need a second connection.
  const meta = await engine.records.object(found.object);
  return db.transaction().execute(async (trx) => {
    const merge = await trx.selectFrom('merges').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    requireScope(ctx, merge.object, 'update');
    requireScope(ctx, merge.object, 'delete');
    const { rows: readable } = await sql`SELECT 1 FROM ${sql.table(merge.object)} t WHERE t.id = ${merge.survivor_id} AND ${scopeCondition(ctx, merge.object, 'read')}`.execute(trx);
    if (!readable.length) throw notFound(`merge ${id}`);
    if (merge.undone_at) throw conflict('this merge was already undone', 'id', 'already undone');

    const [survivor] = await lockRecords(trx, meta, [merge.survivor_id], ctx, 'update', 'survivorId').catch(() => {
      throw conflict('the surviving record was deleted since the merge; restore it first', 'survivorId', 'deleted or not yours to change');
    });
    if (survivor.version !== merge.survivor_version) {
      throw conflict(`the surviving record was edited after the merge (version ${survivor.version}, the merge left ${merge.survivor_version}); undo would overwrite those edits`, 'survivorId', 'changed since the merge');
    }
    await lockRecords(trx, meta, merge.merged_ids, ctx, 'delete', 'mergedIds', true).catch((error: ApiError) => {
      throw conflict('a merged record was restored or purged since the merge', error.details[0]?.path ?? 'mergedIds', 'no longer in the recycle bin');
    });
    const moved = merge.moved as MovedLink[];
    await checkLinksUnchanged(trx, moved, merge.survivor_id);

    const records = engine.records.inTransaction(trx);
    await records.restore(merge.object, merge.merged_ids, ctx);
    await relink(records, moved, (link) => link.from, ctx);
    const before = merge.survivor_before as Record<string, unknown>;
    // Restoring old values is a correction the merge caused: allowed even for fields the user may only read.
    if (Object.keys(before).length) await records.update(merge.object, merge.survivor_id, before, actingFor(ctx));
    await trx.updateTable('merges').set({ undone_at: new Date(), undone_by: ctx.userId }).where('id', '=', id).execute();
    await recordChanges(trx, [
      { object: merge.object, recordId: merge.survivor_id, action: 'unmerge', actorId: ctx.userId, changes: { merged_ids: { from: merge.merged_ids, to: null } }, record: { id: merge.survivor_id, mergeId: id } },
    ]);
    return { mergeId: id, restoredIds: merge.merged_ids, movedBack: moved.length };
  });
}

/** Each moved record must still be live and still point at the survivor. */
async function checkLinksUnchanged(trx: Kysely<Database>, moved: MovedLink[], survivorId: string) {
  const byKey = new Map<string, MovedLink[]>();
  for (const link of moved) byKey.set(`${link.object}\u0000${link.field}`, [...(byKey.get(`${link.object}\u0000${link.field}`) ?? []), link]);
  for (const [key, links] of byKey) {
    const [object, field] = key.split('\u0000');
    const ids = links.map((l) => l.recordId);
    const { rows } = await sql<{ id: string }>`
      SELECT id FROM ${sql.table(object)}
      WHERE id = ANY(${sql.val(ids)}::uuid[]) AND deleted_at IS NULL AND ${sql.ref(field)} = ${survivorId}
      FOR UPDATE`.execute(trx);
    const still = new Set(rows.map((r) => r.id));
    const changed = ids.find((i) => !still.has(i));
    if (changed) throw conflict(`${object} record ${changed} was moved to the survivor by the merge and has changed since (relinked or deleted)`, `moved.${object}.${field}`, changed);
  }
}
