import { sql, type Kysely } from 'kysely';

/**
 * Knowledge-base side tables (kb_articles itself is an engine object, created from metadata):
 * versions of title/body, one vote per article and visitor cookie, and the vote rate-limit windows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS kb_article_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      article_id uuid NOT NULL,
      title text NOT NULL,
      body text NOT NULL DEFAULT '',
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS kb_article_versions_article ON kb_article_versions (article_id, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS kb_votes (
      article_id uuid NOT NULL,
      visitor text NOT NULL,
      helpful boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (article_id, visitor)
    )`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS kb_vote_hits (
      ip text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (ip, window_start)
    )`.execute(db);
  // Installs from before this module: agents and managers get the knowledge base (new installs get it from builtin-roles.ts).
  for (const [key, permission] of Object.entries(ROLE_ADDITIONS)) {
    await sql`
      UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', (permissions::jsonb -> 'objects') || ${JSON.stringify({ kb_articles: permission })}::jsonb)
      WHERE builtin AND key = ${key}`.execute(db);
  }
}

const ROLE_ADDITIONS = {
  service_agent: { read: 'all', create: 'all', update: 'all', delete: 'own', export: 'none' },
  support_manager: { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' },
};

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS kb_vote_hits, kb_votes, kb_article_versions`.execute(db);
}
