import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { JobRunner } from '../../engine/jobs/job-runner.js';
import type { CrmModule } from '../module.js';
import { LEASE_SECONDS, processImport, type ImportDeps } from './run-import.js';
import { registerImportRoutes } from './routes.js';

const QUEUE = 'data-import';
const SWEEP_MS = 10_000;
const MAX_BYTES = Number(process.env.CRM_IMPORT_MAX_MB ?? 500) * 1024 * 1024;

/**
 * CSV/XLSX import into any object: upload (streamed into the database), mapping, validation of
 * every row, background run in checkpointed batches (pg-boss), rejected-rows report, undo.
 */
export function createDataImportModule(): CrmModule {
  let jobs: JobRunner | null = null;
  let deps: ImportDeps | null = null;
  let stopping = false;
  let sweeper: NodeJS.Timeout | undefined;
  const active = new Set<Promise<void>>();
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const run = (id: string) => {
    if (!deps || stopping) return Promise.resolve();
    const p = processImport(deps, id).finally(() => active.delete(p));
    active.add(p);
    return p;
  };

  /** Imports left running by a stopped or crashed instance (lease free or expired) are resumed. */
  const sweep = async () => {
    if (!deps || stopping) return;
    const { rows } = await sql<{ id: string }>`
      SELECT id FROM imports WHERE status IN ('validating', 'running', 'undoing')
        AND (worker IS NULL OR heartbeat_at < now() - make_interval(secs => ${LEASE_SECONDS}))`.execute(deps.db);
    for (const { id } of rows) await jobs?.boss.send(QUEUE, { id });
  };

  return {
    name: 'data-import',
    routes(app, { db, engine }) {
      deps = { db, engine, workerId, stopping: () => stopping };
      registerImportRoutes(app, {
        db,
        engine,
        maxBytes: MAX_BYTES,
        async enqueue(id) {
          await jobs?.boss.send(QUEUE, { id });
        },
      });
    },
    async startJobs(runner) {
      jobs = runner;
      stopping = false;
      await runner.boss.createQueue(QUEUE);
      await runner.boss.work<{ id: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => run(job.data.id));
      await sweep();
      sweeper = setInterval(() => void sweep().catch((error) => console.error('[import sweep]', error)), SWEEP_MS);
    },
    async stop() {
      stopping = true;
      clearInterval(sweeper);
      // Workers leave after their current batch and hand the import back for another instance.
      await Promise.allSettled([...active]);
      jobs = null;
    },
  };
}

export const dataImportModule = createDataImportModule();
