import { sql, type Kysely } from 'kysely';

/**
 * Installs from before lead scoring: the built-in marketer reads the scoring rules, the marketing
 * manager edits them (new installs get both from builtin-roles.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const read = { read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' };
  const all = { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' };
  for (const [key, grant] of [['marketer', read], ['marketing_manager', all]] as const) {
    await sql`
      UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', ${JSON.stringify({ scoring_rules: grant })}::jsonb || (permissions::jsonb -> 'objects'))
      WHERE builtin AND key = ${key}`.execute(db);
  }
}

export async function down(): Promise<void> {}
