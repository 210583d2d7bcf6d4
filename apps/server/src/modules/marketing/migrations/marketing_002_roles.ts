import { sql, type Kysely } from 'kysely';

/**
 * Installs from before segments: the built-in marketer gets their own segments (new installs get it
 * from builtin-roles.ts, which also adds the marketing manager role to every install at start).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const own = { read: 'own', create: 'own', update: 'own', delete: 'own', export: 'own' };
  await sql`
    UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', (permissions::jsonb -> 'objects') || ${JSON.stringify({ segments: own })}::jsonb)
    WHERE builtin AND key = 'marketer' AND (permissions::jsonb -> 'objects' -> 'segments') IS NULL`.execute(db);
}

export async function down(): Promise<void> {}
