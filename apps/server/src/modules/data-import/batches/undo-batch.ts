import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** Import states that wrote something an undo takes back. */
const UNDOABLE = ['done', 'failed'];

/**
 * One step of undoing a batch, last import first (follow-ups before the deals and customers they
 * point at): when the import whose undo was started last is undone, the next earlier one that
 * wrote anything is set to `undoing` and handed to the import worker, whose ordinary undo audits
 * every record it takes back. Called after each import job and by the sweeper, under a lock on the
 * batch row, so repeating it starts nothing twice; a failed undo stops the batch as `failed`
 * (undoing it again resumes).
 */
export async function advanceBatchUndo(db: Kysely<Database>, batchId: string, enqueue: (importId: string) => Promise<void>): Promise<void> {
  const next = await db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('import_batches').selectAll().where('id', '=', batchId).forUpdate().executeTakeFirst();
    if (!batch || batch.status !== 'undoing') return null;
    const ids = batch.import_ids;
    const rows = ids.length ? await trx.selectFrom('imports').select(['id', 'status', 'error', 'file_name']).where('id', 'in', ids).execute() : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const cursor = batch.undo_cursor ?? ids.length;
    const current = byId.get(ids[cursor]);
    if (current?.status === 'undoing') return null;
    if (current && current.status !== 'undone') {
      await trx.updateTable('import_batches').set({ status: 'failed', error: `${current.file_name}: ${current.error ?? current.status}` }).where('id', '=', batchId).execute();
      return null;
    }
    for (let i = cursor - 1; i >= 0; i--) {
      const imp = byId.get(ids[i]);
      if (!imp || !UNDOABLE.includes(imp.status)) continue;
      await trx.updateTable('imports').set({ status: 'undoing', error: null, updated_at: new Date() }).where('id', '=', imp.id).execute();
      await trx.updateTable('import_batches').set({ undo_cursor: i }).where('id', '=', batchId).execute();
      return imp.id;
    }
    await trx.updateTable('import_batches').set({ status: 'undone', undo_cursor: null, undone_at: new Date() }).where('id', '=', batchId).execute();
    return null;
  });
  if (next) await enqueue(next);
}

/** The undoing batches an import belongs to (at most one): they advance when its job ends. */
export async function undoingBatchesOf(db: Kysely<Database>, importId: string): Promise<string[]> {
  const rows = await db.selectFrom('import_batches').select('id').where('status', '=', 'undoing').where(sql<boolean>`import_ids @> ${JSON.stringify([importId])}::jsonb`).execute();
  return rows.map((r) => r.id);
}
