import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/**
 * Indexes for the agent queue and the dashboard (bench/service-scan.ts: at 1,000,000 tickets the queue
 * walked the whole due-time index for a group with few open tickets, and the dashboard's
 * "created, answered or solved in the period" OR scanned the table). Created here, after the engine
 * has synced the tickets table (module migrations run before it exists on a new install); IF NOT EXISTS
 * makes this a no-op after the first start.
 */
export async function ensureServiceIndexes(db: Kysely<Database>) {
  // Instances starting together would race on the catalog ("duplicate key"): one builds at a time.
  await db.transaction().execute((trx) => createIndexes(trx));
}

async function createIndexes(db: Kysely<Database>) {
  await sql`SELECT pg_advisory_xact_lock(hashtext('crm:service-indexes'))`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS tickets_queue_idx ON tickets (support_group_id, resolution_due_at, id)
    WHERE deleted_at IS NULL AND status IN ('new', 'open', 'pending_customer')`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS tickets_solved_at_idx ON tickets (solved_at) WHERE deleted_at IS NULL AND solved_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS tickets_first_responded_at_idx ON tickets (first_responded_at) WHERE deleted_at IS NULL AND first_responded_at IS NOT NULL`.execute(db);
}
