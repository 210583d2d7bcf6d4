import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { newToken, tokenHash } from './tokens.js';
import type { SessionUser } from './access-context.js';

export const SESSION_COOKIE = 'crm_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
const API_KEY_PREFIX = 'crm_';

const USER_COLUMNS = ['users.id', 'users.email', 'users.name', 'users.locale', 'users.role_id', 'users.team_id', 'users.must_change_password'] as const;

export async function createSession(db: Kysely<Database>, userId: string): Promise<string> {
  const token = newToken('');
  await db
    .insertInto('sessions')
    .values({ id: tokenHash(token), user_id: userId, expires_at: new Date(Date.now() + SESSION_TTL_MS) })
    .execute();
  return token;
}

/** The active user behind a session token; expired sessions are deleted on sight. Sliding expiry. */
export async function userFromSession(db: Kysely<Database>, token: string, onRenew?: () => void): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...USER_COLUMNS, 'sessions.expires_at', 'sessions.id as session_id'])
    .where('sessions.id', '=', tokenHash(token))
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  const expires = new Date(row.expires_at).getTime();
  if (expires < Date.now()) {
    await db.deleteFrom('sessions').where('id', '=', row.session_id).execute();
    return null;
  }
  if (expires - Date.now() < SESSION_TTL_MS / 2) {
    await db.updateTable('sessions').set({ expires_at: new Date(Date.now() + SESSION_TTL_MS) }).where('id', '=', row.session_id).execute();
    // The browser's cookie has its own max-age: renew it too, or an active user is logged out anyway.
    onRenew?.();
  }
  const { expires_at: _e, session_id: _s, ...user } = row;
  return user;
}

export async function deleteSession(db: Kysely<Database>, token: string) {
  await db.deleteFrom('sessions').where('id', '=', tokenHash(token)).execute();
}

export async function createApiKey(db: Kysely<Database>, userId: string, name: string) {
  const key = newToken(API_KEY_PREFIX);
  const row = await db
    .insertInto('api_keys')
    .values({ user_id: userId, name, prefix: key.slice(0, 10), key_hash: tokenHash(key) })
    .returning(['id', 'name', 'prefix', 'created_at'])
    .executeTakeFirstOrThrow();
  return { ...row, key };
}

export async function userFromApiKey(db: Kysely<Database>, key: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([...USER_COLUMNS, 'api_keys.id as key_id', 'api_keys.last_used_at'])
    .where('api_keys.key_hash', '=', tokenHash(key))
    .where('api_keys.revoked_at', 'is', null)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  // Touch at most once a minute so busy integrations do not write on every call.
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', row.key_id).execute();
  }
  const { key_id: _k, last_used_at: _l, ...user } = row;
  return user;
}
