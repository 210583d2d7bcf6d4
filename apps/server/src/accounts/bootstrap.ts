import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { BUILTIN_ROLES } from './builtin-roles.js';
import { newPasswordProblem } from './password-policy.js';
import { hashPassword } from './passwords.js';

/** Inserts built-in roles that are missing; an admin's edits to existing ones are kept. */
export async function ensureBuiltinRoles(db: Kysely<Database>) {
  for (const role of BUILTIN_ROLES) {
    await db
      .insertInto('roles')
      .values({ key: role.key, name_zh: role.zh, name_en: role.en, permissions: JSON.stringify(role.permissions), builtin: true })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
}

export async function roleId(db: Kysely<Database>, key: string): Promise<string> {
  const row = await db.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirstOrThrow();
  return row.id;
}

export interface FirstAdmin {
  email: string;
  /** Set only when generated here, so the caller can print it once. */
  generatedPassword?: string;
}

/**
 * On the very first start (no users at all) creates the administrator. A generated password must
 * be changed at the first login; a weak CRM_ADMIN_PASSWORD stops the start with the reason.
 */
export async function ensureFirstAdmin(db: Kysely<Database>, email?: string, password?: string): Promise<FirstAdmin | null> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  return createFirstAdmin(db, email, password);
}

export async function createFirstAdmin(db: Kysely<Database>, email?: string, password?: string): Promise<FirstAdmin> {
  const generated = password ? undefined : randomBytes(12).toString('base64url');
  const adminEmail = (email || 'admin@example.com').toLowerCase();
  const problem = password && newPasswordProblem(password, adminEmail);
  if (problem) throw new Error(`CRM_ADMIN_PASSWORD is refused: ${problem}. Set a stronger one and start again.`);
  await db
    .insertInto('users')
    .values({
      email: adminEmail,
      name: '管理员',
      password_hash: await hashPassword(password || generated!),
      role_id: await roleId(db, 'admin'),
      team_id: null,
      locale: 'zh-CN',
      active: true,
      must_change_password: !!generated,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  return { email: adminEmail, generatedPassword: generated };
}
