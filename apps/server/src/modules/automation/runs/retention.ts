import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { JobRunner } from '../../../engine/jobs/job-runner.js';

const QUEUE = 'automation-run-log-retention';
const BATCH = 5_000;

/** Days a finished run stays in the run log; failed runs stay until retried (they need a person). */
export const runRetentionDays = () => Number(process.env.CRM_AUTOMATION_RUN_RETENTION_DAYS) || 90;

/**
 * Deletes finished runs (done, not matched, stopped) that started more than `days` ago, with their
 * action runs, in small batches so the run log never holds a long lock. Returns how many went.
 */
export async function pruneRunLog(db: Kysely<Database>, days = runRetentionDays()): Promise<number> {
  let total = 0;
  for (;;) {
    const { numAffectedRows } = await sql`
      DELETE FROM automation_runs WHERE id IN (
        SELECT id FROM automation_runs
        WHERE status IN ('done', 'not_matched', 'stopped') AND started_at < now() - make_interval(days => ${days})
        LIMIT ${BATCH})`.execute(db);
    const deleted = Number(numAffectedRows ?? 0);
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Prunes the run log once a night (pg-boss cron; one instance runs it). */
export async function scheduleRunLogRetention(jobs: JobRunner, db: Kysely<Database>) {
  await jobs.boss.createQueue(QUEUE);
  await jobs.work(QUEUE, {}, async () => {
    await pruneRunLog(db);
  });
  await jobs.boss.schedule(QUEUE, '40 3 * * *');
}
