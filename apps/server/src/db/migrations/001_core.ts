import { sql, type Kysely } from 'kysely';

/** Accounts, metadata, audit and outbox: the tables the engine itself needs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE teams (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      parent_id uuid REFERENCES teams(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE roles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL UNIQUE,
      name_zh text NOT NULL,
      name_en text NOT NULL,
      permissions jsonb NOT NULL,
      builtin boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE,
      name text NOT NULL,
      password_hash text NOT NULL,
      role_id uuid NOT NULL REFERENCES roles(id),
      team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
      locale text NOT NULL DEFAULT 'zh-CN',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX users_team_idx ON users(team_id);
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user_idx ON sessions(user_id);
    CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE TABLE login_failures (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      ip text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_failures_email_idx ON login_failures(email, at);
    CREATE TABLE meta_fields (
      object text NOT NULL,
      name text NOT NULL,
      definition jsonb NOT NULL,
      custom boolean NOT NULL,
      position integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (object, name)
    );
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      object text NOT NULL,
      record_id uuid NOT NULL,
      action text NOT NULL,
      actor_id uuid,
      at timestamptz NOT NULL DEFAULT now(),
      changes jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_log_record_idx ON audit_log(record_id, at DESC);
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      object text NOT NULL,
      record_id uuid NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      dispatched_at timestamptz
    );
    CREATE INDEX outbox_pending_idx ON outbox(id) WHERE dispatched_at IS NULL;
    CREATE TABLE saved_views (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      object text NOT NULL,
      name text NOT NULL,
      config jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX saved_views_user_idx ON saved_views(user_id, object);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS saved_views, outbox, audit_log, meta_fields, login_failures, api_keys, sessions, users, roles, teams`.execute(db);
}
