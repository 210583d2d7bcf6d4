import { sql, type Kysely } from 'kysely';

/** Settings of scheduled backups (one row), backed up and restored with everything else. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE backup_settings (
      id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      enabled boolean NOT NULL DEFAULT false,
      cron text NOT NULL DEFAULT '0 3 * * *',
      folder text,
      keep integer NOT NULL DEFAULT 7,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS backup_settings`.execute(db);
}
