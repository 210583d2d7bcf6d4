import { sql, type Kysely } from 'kysely';

/**
 * Data import (modules/data-import): one row per import, its uploaded file in 1 MB chunks (so any
 * app instance can read it and a restart can resume), rejected rows, and what each written record
 * was before (for undo).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      object text NOT NULL,
      status text NOT NULL,
      file_name text NOT NULL,
      format text NOT NULL,
      encoding text,
      file_size bigint NOT NULL DEFAULT 0,
      headers jsonb NOT NULL DEFAULT '[]',
      header_rows integer NOT NULL DEFAULT 1,
      mapping jsonb NOT NULL DEFAULT '{}',
      options jsonb NOT NULL DEFAULT '{}',
      validated boolean NOT NULL DEFAULT false,
      total_rows integer,
      validated_rows integer NOT NULL DEFAULT 0,
      checkpoint integer NOT NULL DEFAULT 0,
      created_count integer NOT NULL DEFAULT 0,
      updated_count integer NOT NULL DEFAULT 0,
      skipped_count integer NOT NULL DEFAULT 0,
      rejected_count integer NOT NULL DEFAULT 0,
      error text,
      worker text,
      heartbeat_at timestamptz,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      undone_at timestamptz
    );
    CREATE INDEX imports_object_idx ON imports(object, created_at DESC);
    CREATE TABLE import_chunks (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (import_id, seq)
    );
    CREATE TABLE import_rejects (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      row_number integer NOT NULL,
      reason text NOT NULL,
      cells jsonb NOT NULL,
      PRIMARY KEY (import_id, row_number)
    );
    CREATE TABLE import_changes (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      object text NOT NULL,
      record_id uuid NOT NULL,
      action text NOT NULL,
      previous jsonb,
      PRIMARY KEY (import_id, object, record_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS import_changes, import_rejects, import_chunks, imports`.execute(db);
}
