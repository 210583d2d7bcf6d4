import { sql, type Kysely } from 'kysely';

/**
 * Duplicates module: tunable rules, the normalised match keys of every live record (so checks and
 * the finder are index lookups), and merges with what is needed to undo them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE duplicate_rules (
      object text NOT NULL,
      key text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      fuzzy boolean NOT NULL DEFAULT false,
      threshold real NOT NULL DEFAULT 0.6,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (object, key)
    );
    -- kind: 'x' exact value (email, phone, domain), 'n' normalised name (trigram-searchable), 'p' its pinyin.
    -- owner_id is copied from the record so permission scopes apply without joining the object table.
    CREATE TABLE duplicate_keys (
      object text NOT NULL,
      rule text NOT NULL,
      kind char(1) NOT NULL,
      value text NOT NULL,
      record_id uuid NOT NULL,
      owner_id uuid
    );
    CREATE INDEX duplicate_keys_lookup_idx ON duplicate_keys (object, rule, kind, value, record_id);
    CREATE INDEX duplicate_keys_record_idx ON duplicate_keys (record_id);
    CREATE INDEX duplicate_keys_trgm_idx ON duplicate_keys USING gin (value gin_trgm_ops) WHERE kind = 'n';
    -- Which key version each object's keys were built with; a newer version rebuilds them at start.
    CREATE TABLE duplicate_key_state (
      object text PRIMARY KEY,
      version integer NOT NULL,
      built_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE merges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      object text NOT NULL,
      survivor_id uuid NOT NULL,
      merged_ids uuid[] NOT NULL,
      actor_id uuid,
      at timestamptz NOT NULL DEFAULT now(),
      -- survivor values before the merge (changed fields only) and its version right after it
      survivor_before jsonb NOT NULL,
      survivor_version integer NOT NULL,
      -- [{object, field, recordId, from}] related records moved to the survivor
      moved jsonb NOT NULL,
      undone_at timestamptz,
      undone_by uuid
    );
    CREATE INDEX merges_survivor_idx ON merges (survivor_id, at DESC);
    CREATE INDEX merges_merged_idx ON merges USING gin (merged_ids);
  `.execute(db);
  // A fresh install has no records yet: its keys are complete (written by hooks from now on).
  // Existing records get their keys from the module's background build at start.
  for (const object of ['customers', 'contacts', 'leads']) {
    const { rows } = await sql<{ exists: boolean }>`SELECT to_regclass(${object}) IS NOT NULL AS exists`.execute(db);
    const empty = !rows[0]?.exists || !(await sql`SELECT 1 FROM ${sql.table(object)} LIMIT 1`.execute(db)).rows.length;
    if (empty) await sql`INSERT INTO duplicate_key_state (object, version) VALUES (${object}, 1)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS merges, duplicate_key_state, duplicate_keys, duplicate_rules`.execute(db);
}
