import { sql, type Kysely } from 'kysely';

/**
 * Installs from before: 市场专员 reads the tracked sites (settings and snippet) and 市场经理 edits them
 * (new installs get both from builtin-roles.ts); what an admin set on these roles already is kept.
 * And the e-mail link tokens used so far: a token attaches the first browser that shows it, only that one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const none = { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' };
  const grants = {
    marketer: { tracking_sites: { ...none, read: 'all' } },
    marketing_manager: { tracking_sites: { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'none' } },
  };
  for (const [key, grant] of Object.entries(grants)) {
    await sql`
      UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', ${JSON.stringify(grant)}::jsonb || (permissions::jsonb -> 'objects'))
      WHERE builtin AND key = ${key}`.execute(db);
  }
  await sql`
    CREATE TABLE IF NOT EXISTS tracking_link_uses (
      signature text PRIMARY KEY,
      visitor_id uuid NOT NULL,
      used_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS tracking_link_uses`.execute(db);
}
