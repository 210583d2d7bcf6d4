import { sql } from 'kysely';
import { buildAccessContext } from '../../accounts/access-context.js';
import { phases } from '../../engine/records/phase-timer.js';
import type { ImportRow } from './import-store.js';
import type { ImportDeps } from './run-import.js';

/**
 * Imports of at least this many rows report done once their rows are committed, listed and
 * deduplicated; their search terms and duplicate match keys are built right after by indexImport.
 * Smaller imports build them with the rows, as any write does.
 */
export const indexLaterFrom = () => Number(process.env.CRM_IMPORT_INDEX_LATER_ROWS ?? 10_000);
const batchSize = (deps: ImportDeps) => Number(process.env.CRM_IMPORT_INDEX_BATCH ?? (deps.embedded ? 1000 : 5000));

/**
 * The deferred pass: the records the import created (its undo entries, in id order from the
 * checkpoint `index_after`) get their search terms and match keys (bulk.index), batch by batch;
 * each batch commits with its checkpoint and progress in one transaction under the import's lease,
 * and bulk.index skips what is already built, so a pass killed at any moment resumes without loss
 * or doubles. Stops (keeping the lease) once the import is no longer 'done' (an undo took over).
 */
export async function indexImport(deps: ImportDeps, imp: ImportRow, leaveIfStopping: () => Promise<void>) {
  const user = await deps.db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).where('id', '=', imp.created_by).executeTakeFirstOrThrow();
  const ctx = await buildAccessContext(deps.db, user);
  for (;;) {
    await leaveIfStopping();
    await deps.engine.metadata.ensureFresh();
    const meta = deps.engine.metadata.get(imp.object);
    const more = await phases.time('index-trx', () => deps.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('imports').select(['status', 'index_after']).where('id', '=', imp.id).where('worker', '=', deps.workerId).forUpdate().executeTakeFirst();
      if (!row || row.status !== 'done') return false;
      const { rows } = await sql<{ id: string }>`
        SELECT record_id AS id FROM import_changes
        WHERE import_id = ${imp.id} AND object = ${imp.object} AND action = 'created' AND record_id > ${row.index_after ?? '00000000-0000-0000-0000-000000000000'}
        ORDER BY record_id LIMIT ${batchSize(deps)}`.execute(trx);
      if (!rows.length) {
        await trx.updateTable('imports').set({ index_status: 'done', worker: null, updated_at: new Date() }).where('id', '=', imp.id).execute();
        return false;
      }
      const ids = rows.map((r) => r.id);
      await deps.engine.records.bulk.index(trx, meta, ids, ctx);
      await sql`
        UPDATE imports SET index_after = ${ids[ids.length - 1]}, indexed_rows = indexed_rows + ${ids.length}, heartbeat_at = now(), updated_at = now()
        WHERE id = ${imp.id}`.execute(trx);
      return true;
    }));
    if (!more) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  phases.log(`indexed ${imp.id}`);
}
