import { sql, type Kysely } from 'kysely';

/**
 * Installs from before coupons: the built-in marketer reads every coupon and issues their own
 * (new installs get it from builtin-roles.ts, which also refreshes the marketing manager).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const grants = { coupons: { read: 'all', create: 'own', update: 'own', delete: 'none', export: 'none' } };
  await sql`
    UPDATE roles SET permissions = jsonb_set(permissions::jsonb, '{objects}', ${JSON.stringify(grants)}::jsonb || (permissions::jsonb -> 'objects'))
    WHERE builtin AND key = 'marketer'`.execute(db);
}

export async function down(): Promise<void> {}
