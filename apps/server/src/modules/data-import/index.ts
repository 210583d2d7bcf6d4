import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { JobRunner } from '../../engine/jobs/job-runner.js';
import type { CrmModule, ModuleContext } from '../module.js';
import { LEASE_SECONDS, processImport, type ImportDeps } from './run-import.js';
import { documentImportRoutes } from './api-docs.js';
import { importTimeline } from './import-timeline.js';
import { registerImportRoutes } from './routes.js';
import { registerBatchRoutes } from './batches/batch-routes.js';
import { advanceBatchUndo, undoingBatchesOf } from './batches/undo-batch.js';

const QUEUE = 'data-import';
const SWEEP_MS = 10_000;
const MAX_BYTES = Number(process.env.CRM_IMPORT_MAX_MB ?? 500) * 1024 * 1024;

/** What one app (one createCrm) holds; several apps may share a process (tests). */
interface AppState {
  deps: ImportDeps;
  jobs: JobRunner | null;
  stopping: boolean;
  sweeper?: NodeJS.Timeout;
  active: Set<Promise<void>>;
}

const states = new WeakMap<ModuleContext, AppState>();

function stateOf(ctx: ModuleContext): AppState {
  let state = states.get(ctx);
  if (!state) {
    const s: AppState = {
      deps: { db: ctx.db, engine: ctx.engine, workerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, stopping: () => s.stopping, embedded: ctx.handle.kind === 'pglite' },
      jobs: null,
      stopping: false,
      active: new Set(),
    };
    state = s;
    states.set(ctx, s);
  }
  return state;
}

const enqueue = (state: AppState) => async (id: string) => {
  await state.jobs?.boss.send(QUEUE, { id });
};

/** An import job ended: a batch being undone goes on with its next import. */
async function afterImport(state: AppState, id: string) {
  for (const batchId of await undoingBatchesOf(state.deps.db, id)) await advanceBatchUndo(state.deps.db, batchId, enqueue(state));
}

function run(state: AppState, id: string) {
  if (state.stopping) return Promise.resolve();
  const p: Promise<void> = processImport(state.deps, id)
    .then(() => afterImport(state, id))
    .finally(() => state.active.delete(p));
  state.active.add(p);
  return p;
}

/** Imports left running by a stopped or crashed instance (lease free or expired) are resumed. */
async function sweep(state: AppState) {
  if (state.stopping || !state.jobs) return;
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM imports WHERE (status IN ('validating', 'running', 'undoing') OR (status = 'done' AND index_status = 'pending'))
      AND (worker IS NULL OR heartbeat_at < now() - make_interval(secs => ${LEASE_SECONDS}))`.execute(state.deps.db);
  for (const { id } of rows) await state.jobs.boss.send(QUEUE, { id });
  // A batch whose next undo was not started (the app stopped between two imports) goes on.
  const batches = await state.deps.db.selectFrom('import_batches').select('id').where('status', '=', 'undoing').execute();
  for (const { id } of batches) await advanceBatchUndo(state.deps.db, id, enqueue(state));
}

/**
 * CSV/XLSX import into any object: upload (streamed into the database), mapping, validation of
 * every row, background run in checkpointed batches (pg-boss), rejected-rows report, undo.
 */
export const dataImportModule: CrmModule = {
  name: 'data-import',
  register(ctx) {
    ctx.engine.related.addTimelineSource(importTimeline(ctx.db));
  },
  routes(app, ctx) {
    const state = stateOf(ctx);
    documentImportRoutes();
    registerImportRoutes(app, {
      db: ctx.db,
      engine: ctx.engine,
      maxBytes: MAX_BYTES,
      enqueue: enqueue(state),
    });
    registerBatchRoutes(app, { db: ctx.db, enqueue: enqueue(state) });
  },
  async startJobs(jobs, ctx) {
    const state = stateOf(ctx);
    state.jobs = jobs;
    await jobs.boss.createQueue(QUEUE);
    await jobs.work<{ id: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => run(state, job.data.id));
    await sweep(state);
    state.sweeper = setInterval(() => void sweep(state).catch((error) => console.error('[import sweep]', error)), SWEEP_MS);
  },
  async stop(ctx) {
    const state = stateOf(ctx);
    state.stopping = true;
    clearInterval(state.sweeper);
    // Workers leave after their current batch and hand the import back for another instance.
    await Promise.allSettled([...state.active]);
  },
};
