import { sql, type Kysely } from 'kysely';

/** The audit log's time-range filter reads newest first within a range of `at`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log(at DESC, id DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS audit_log_at_idx`.execute(db);
}
