import type { ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import { buildAccessContext } from '../../accounts/access-context.js';
import type { Database } from '../../db/types.js';
import { phases } from '../../engine/records/phase-timer.js';
import type { ImportRow } from './import-store.js';
import { commitWithoutWaitingForDisk } from './async-commit.js';
import type { ImportDeps } from './run-import.js';

/**
 * Imports of at least this many rows report done once their rows are committed, listed and
 * deduplicated; their search terms and duplicate match keys are built right after by indexImport.
 * Smaller imports build them with the rows, as any write does.
 */
export const indexLaterFrom = () => Number(process.env.CRM_IMPORT_INDEX_LATER_ROWS ?? 10_000);
const batchSize = (deps: ImportDeps) => Number(process.env.CRM_IMPORT_INDEX_BATCH ?? (deps.embedded ? 1000 : 5000));

/** One phase of the pass: its checkpoint and progress columns, the work per batch and what ends it. */
interface Phase {
  name: 'search' | 'keys';
  after: 'search_after' | 'index_after';
  counted: 'searched_rows' | 'indexed_rows';
  run(trx: Kysely<Database>, meta: ObjectMetadata, ids: string[]): Promise<unknown>;
  /** Columns set in the transaction of the phase's last (empty) batch. */
  ended: Record<string, unknown>;
}

/**
 * The deferred pass, in two phases over the records the import created (its undo entries, in id
 * order): first their search terms (bulk.indexSearch: set-based, no row locks), which makes them
 * searchable, then their duplicate match keys and other modules' 'afterIndex' work (bulk.index,
 * which locks the rows it reads). Each batch commits with its phase's checkpoint and progress in
 * one transaction under the import's lease, and both calls skip what is already built, so a pass
 * killed at any moment resumes without loss or doubles. Stops (keeping the lease) once the import
 * is no longer 'done' (an undo took over).
 */
export async function indexImport(deps: ImportDeps, imp: ImportRow, leaveIfStopping: () => Promise<void>) {
  const user = await deps.db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).where('id', '=', imp.created_by).executeTakeFirstOrThrow();
  const ctx = await buildAccessContext(deps.db, user);
  const records = deps.engine.records.bulk;
  const search: Phase = { name: 'search', after: 'search_after', counted: 'searched_rows', run: (trx, meta, ids) => records.indexSearch(trx, meta, ids), ended: { searched_at: sql`now()` } };
  // Without 'afterIndex' hooks (no match keys for the object) the second phase only moves its checkpoint.
  const keyed = deps.engine.hooks.has(imp.object, 'afterIndex');
  const keys: Phase = {
    name: 'keys', after: 'index_after', counted: 'indexed_rows',
    run: async (trx, meta, ids) => keyed && records.index(trx, meta, ids, ctx),
    ended: { index_status: 'done', worker: null },
  };
  if (imp.searched_at === null && !(await runPhase(deps, imp, search, leaveIfStopping))) return;
  if (await runPhase(deps, imp, keys, leaveIfStopping)) phases.log(`indexed ${imp.id}`);
}

/** Runs a phase batch by batch from its checkpoint; false if the import stopped being 'done' (an undo). */
async function runPhase(deps: ImportDeps, imp: ImportRow, phase: Phase, leaveIfStopping: () => Promise<void>): Promise<boolean> {
  for (;;) {
    await leaveIfStopping();
    await deps.engine.metadata.ensureFresh();
    const meta = deps.engine.metadata.get(imp.object);
    const state = await phases.time(`index-${phase.name}-trx`, () => deps.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('imports').select(['status', phase.after]).where('id', '=', imp.id).where('worker', '=', deps.workerId).forUpdate().executeTakeFirst();
      if (!row || row.status !== 'done') return 'stopped';
      const after = (row as Record<string, string | null>)[phase.after] ?? '00000000-0000-0000-0000-000000000000';
      const { rows } = await sql<{ id: string }>`
        SELECT record_id AS id FROM import_changes
        WHERE import_id = ${imp.id} AND object = ${imp.object} AND action = 'created' AND record_id > ${after}
        ORDER BY record_id LIMIT ${batchSize(deps)}`.execute(trx);
      if (!rows.length) {
        await trx.updateTable('imports').set({ ...phase.ended, updated_at: new Date() }).where('id', '=', imp.id).execute();
        phases.log(`${phase.name} phase of ${imp.id} done`);
        return 'ended';
      }
      const ids = rows.map((r) => r.id);
      await commitWithoutWaitingForDisk(trx);
      await phase.run(trx, meta, ids);
      await sql`
        UPDATE imports SET ${sql.ref(phase.after)} = ${ids[ids.length - 1]}, ${sql.ref(phase.counted)} = ${sql.ref(phase.counted)} + ${ids.length},
          heartbeat_at = now(), updated_at = now()
        WHERE id = ${imp.id}`.execute(trx);
      return 'more';
    }));
    if (state !== 'more') return state === 'ended';
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
