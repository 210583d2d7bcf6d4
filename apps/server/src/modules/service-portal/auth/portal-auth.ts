import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { ApiError } from '../../../http/errors.js';
import { emitEvent } from '../../../engine/jobs/emit-event.js';
import { countHit } from '../../../http/hit-window.js';
import { queueDelivery } from '../../notifications/email/send-template-email.js';
import { PORTAL_TEXTS } from '../locales/portal-texts.js';

const CODE_TTL_MS = 10 * 60_000;
const MAX_TRIES = 5;
export const PORTAL_SESSION_TTL_MS = 7 * 86_400_000;
/** Codes asked per address and per IP in 10 minutes; verify attempts per IP. */
const LIMITS = { email: 5, ip: 20, verify: 30 };
const WINDOW_S = 600;

export async function linkSecret(db: Kysely<Database>): Promise<string> {
  const read = () => db.selectFrom('portal_settings').select('link_secret').where('id', '=', 1).executeTakeFirst();
  const row = await read();
  if (row) return row.link_secret;
  // A restore of a backup from before the portal empties this table: make a new secret then.
  await sql`INSERT INTO portal_settings (id, link_secret) VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    ON CONFLICT DO NOTHING`.execute(db);
  return (await read())!.link_secret;
}

const codeHash = (secret: string, email: string, code: string) => createHmac('sha256', secret).update(`code:${email}:${code}`).digest('hex');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

async function limit(db: Kysely<Database>, key: string, max: number) {
  if ((await countHit(db, 'portal_hits', key, WINDOW_S)) > max) throw new ApiError('rate_limited', 'too many attempts; try again in a few minutes');
}

/**
 * Mails a 6-digit code to a contact with this address. The answer is the same whether or not the
 * address belongs to a contact (no enumeration); only the rate limit (per address and IP) shows.
 */
export async function requestLoginCode(db: Kysely<Database>, email: string, ip: string, lang: 'zh' | 'en', now = new Date()): Promise<void> {
  await limit(db, `ip:${ip}`, LIMITS.ip);
  await limit(db, `email:${email}`, LIMITS.email);
  const contact = await sql<{ id: string; name: string }>`
    SELECT id, name FROM contacts WHERE lower(email) = ${email} AND deleted_at IS NULL ORDER BY created_at LIMIT 1`.execute(db);
  const found = contact.rows[0];
  if (!found) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const secret = await linkSecret(db);
  await db.transaction().execute(async (trx) => {
    // Only the newest code counts: asking again retires the earlier ones.
    await trx.updateTable('portal_login_codes').set({ used_at: now }).where('email', '=', email).where('used_at', 'is', null).execute();
    await trx.insertInto('portal_login_codes').values({ email, contact_id: found.id, code_hash: codeHash(secret, email, code), expires_at: new Date(now.getTime() + CODE_TTL_MS) }).execute();
    const t = PORTAL_TEXTS[lang];
    await queueDelivery(trx, { channel: 'email', userId: null, notificationId: null, payload: { to: email, toName: found.name, subject: t.codeSubject(code), text: t.codeBody(code) }, dedupeKey: null });
  });
}

/** Emitted when a contact signs in, with the website visitor id the browser carries (null if none): website tracking ties that browser to the contact. */
export const PORTAL_SIGNED_IN = 'portal.signed_in';

/** The website tracking snippet's first-party cookie: sent here when the portal is served on the company site's own origin. */
const VISITOR_COOKIE = 'crm_vid';
export const visitorIdOf = (cookies: Record<string, string | undefined>) => {
  const v = cookies[VISITOR_COOKIE];
  return v && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v.toLowerCase() : null;
};

/** Checks a code (newest unused, unexpired, fewer than 5 wrong tries) and opens a portal session: its token. */
export async function verifyLoginCode(db: Kysely<Database>, email: string, code: string, ip: string, visitorId: string | null = null, now = new Date()): Promise<{ token: string; contactId: string }> {
  await limit(db, `verify:${ip}`, LIMITS.verify);
  const wrong = () => new ApiError('bad_request', 'the code is wrong or has expired; ask for a new one', [{ path: 'code', message: 'wrong or expired' }]);
  const row = await db
    .selectFrom('portal_login_codes')
    .selectAll()
    .where('email', '=', email)
    .where('used_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime() || row.attempts >= MAX_TRIES) throw wrong();
  const expected = Buffer.from(row.code_hash, 'hex');
  const given = Buffer.from(codeHash(await linkSecret(db), email, code), 'hex');
  if (!timingSafeEqual(expected, given)) {
    await db.updateTable('portal_login_codes').set({ attempts: sql`attempts + 1` }).where('id', '=', row.id).execute();
    throw wrong();
  }
  // Used once: a concurrent second use of the same code finds it taken.
  const taken = await db.updateTable('portal_login_codes').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  if (!Number(taken.numUpdatedRows)) throw wrong();
  const token = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('portal_sessions').values({ token_hash: tokenHash(token), contact_id: row.contact_id, expires_at: new Date(now.getTime() + PORTAL_SESSION_TTL_MS) }).execute();
    await emitEvent(trx, PORTAL_SIGNED_IN, { object: 'contacts', recordId: row.contact_id, data: { visitorId } });
  });
  return { token, contactId: row.contact_id };
}

export interface PortalContact {
  id: string;
  name: string;
  email: string;
  customer_id: string | null;
  portal_company_access: boolean;
}

/** The contact behind a portal session token, or null (expired, signed out, contact deleted). */
export async function contactFromToken(db: Kysely<Database>, token: string | undefined): Promise<PortalContact | null> {
  if (!token || token.length > 100) return null;
  const { rows } = await sql<PortalContact>`
    SELECT c.id, c.name, c.email, c.customer_id, coalesce(c.portal_company_access, false) AS portal_company_access
    FROM portal_sessions s JOIN contacts c ON c.id = s.contact_id AND c.deleted_at IS NULL
    WHERE s.token_hash = ${tokenHash(token)} AND s.expires_at > now()`.execute(db);
  return rows[0] ?? null;
}

export async function endSession(db: Kysely<Database>, token: string | undefined) {
  if (token) await db.deleteFrom('portal_sessions').where('token_hash', '=', tokenHash(token)).execute();
}
