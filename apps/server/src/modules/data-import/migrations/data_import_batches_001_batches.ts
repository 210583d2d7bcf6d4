import { sql, type Kysely } from 'kysely';

/**
 * Import batches: several files imported one after the other ("a whole CRM in one go") kept on the
 * server, so the wizard resumes the batch after a reload and the whole batch can be undone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS import_batches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      files jsonb NOT NULL DEFAULT '[]',
      import_ids jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL DEFAULT 'open',
      undo_cursor integer,
      error text,
      undone_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS import_batches_creator ON import_batches (created_by, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS import_batches`.execute(db);
}
