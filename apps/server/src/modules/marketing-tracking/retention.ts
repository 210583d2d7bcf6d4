import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { JobRunner } from '../../engine/jobs/job-runner.js';

const QUEUE = 'tracking-retention';
const BATCH = 10_000;

/**
 * Deletes each site's events older than its retention (days before `now`), in batches so the table
 * is never locked long; then visitors with no events left who are tied to nobody, and e-mail link
 * token claims older than the tokens live. Returns how many events went.
 */
export async function purgeExpiredEvents(db: Kysely<Database>, now = new Date()): Promise<number> {
  let total = 0;
  const { rows: sites } = await sql<{ id: string; retention_days: number }>`SELECT id, retention_days FROM tracking_sites`.execute(db);
  for (const site of sites) {
    const cutoff = new Date(now.getTime() - site.retention_days * 86_400_000).toISOString();
    for (;;) {
      const { numAffectedRows } = await sql`
        DELETE FROM tracking_events WHERE id IN (
          SELECT id FROM tracking_events WHERE site_id = ${site.id} AND at < ${cutoff}::timestamptz LIMIT ${BATCH})`.execute(db);
      const deleted = Number(numAffectedRows ?? 0);
      total += deleted;
      if (deleted < BATCH) break;
    }
  }
  // A link token lives a day; its claim is needed no longer than that.
  await sql`DELETE FROM tracking_link_uses WHERE used_at < ${new Date(now.getTime() - 2 * 86_400_000).toISOString()}::timestamptz`.execute(db);
  await sql`
    DELETE FROM tracking_visitors v WHERE v.record_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM tracking_events e WHERE e.visitor_id = v.visitor_id)`.execute(db);
  return total;
}

/** Purges once a night (pg-boss cron; one instance runs it). */
export async function scheduleTrackingRetention(jobs: JobRunner, db: Kysely<Database>) {
  await jobs.boss.createQueue(QUEUE);
  await jobs.work(QUEUE, {}, async () => {
    await purgeExpiredEvents(db);
  });
  await jobs.boss.schedule(QUEUE, '20 3 * * *');
}
