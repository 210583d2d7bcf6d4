import { sql, type Kysely } from 'kysely';

/**
 * Import templates (modules/data-import): a saved mapping (field → column header), value mapping,
 * constants and dedupe settings per object, so the next export from the same system imports in one step.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS import_templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      object text NOT NULL,
      name text NOT NULL,
      mapping jsonb NOT NULL DEFAULT '{}',
      options jsonb NOT NULL DEFAULT '{}',
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (object, name)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS import_templates`.execute(db);
}
