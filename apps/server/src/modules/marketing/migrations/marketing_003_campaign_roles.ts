import { sql, type Kysely } from 'kysely';

/**
 * Installs from before campaigns: the built-in marketer gets their own campaigns, cost lines and
 * members (new installs get them from builtin-roles.ts, which also refreshes the marketing manager).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const own = { read: 'own', create: 'own', update: 'own', delete: 'own', export: 'none' };
  const grants = { campaigns: own, campaign_costs: own, campaign_members: own };
  await sql`
    UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', ${JSON.stringify(grants)}::jsonb || (permissions::jsonb -> 'objects'))
    WHERE builtin AND key = 'marketer'`.execute(db);
}

export async function down(): Promise<void> {}
