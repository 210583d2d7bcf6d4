import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { trackingSecret } from '../../marketing/email/tracking.js';
import { originAllowed } from '../sites/site-settings.js';
import type { TrackingSite } from '../tables.js';

/** The landing URL's parameter the snippet reads (and removes from the address bar). */
export const LINK_PARAM = 'crm_t';
/** A click's token attaches a browser for this long after the click: landing takes seconds, a shared link later should not. */
const TTL_S = 24 * 3600;
/** contact id . expiry (unix seconds) . HMAC */
export const LINK_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{10})\.([\w-]{43})$/;

// The e-mail links' install secret, with its own purpose in what is signed: a click link's signature is never a valid token.
const sign = (secret: string, contactId: string, exp: number) => createHmac('sha256', secret).update(`visitor\ncontacts\n${contactId}\n${exp}`).digest('base64url');

export function makeLinkToken(secret: string, contactId: string, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + TTL_S;
  return `${contactId}.${exp}.${sign(secret, contactId, exp)}`;
}

/** The token's contact when it is signed by this install; `expired` when it is but too old. Null when forged. */
export function readLinkToken(secret: string, token: string, now = Date.now()): { contactId: string; signature: string; expired: boolean } | null {
  const m = LINK_TOKEN.exec(token);
  if (!m) return null;
  const [, contactId, exp, signature] = m;
  const expected = Buffer.from(sign(secret, contactId, Number(exp)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { contactId, signature, expired: Number(exp) * 1000 <= now };
}

/**
 * The click redirect's landing decorator: a link into a tracked site (an active site allowing the
 * link's origin) gets a token naming the recipient; links elsewhere are left alone, so no token
 * reaches a third party.
 */
export function linkLanding(db: Kysely<Database>) {
  return async (target: string, click: { contactId: string }) => {
    const url = new URL(target);
    const sites = (await sql<Pick<TrackingSite, 'allowed_origins'>>`SELECT allowed_origins FROM tracking_sites WHERE active`.execute(db)).rows;
    if (!sites.some((site) => originAllowed(site, url.origin))) return target;
    url.searchParams.set(LINK_PARAM, makeLinkToken(await trackingSecret(db), click.contactId));
    return url.href;
  };
}

/**
 * Claims a token for a browser: the first browser to show it keeps it (showing it again is fine),
 * so a forwarded or shared landing URL does not tie a second person to the recipient. Returns
 * whether this browser may be attached.
 */
export async function claimLinkToken(db: Kysely<Database>, signature: string, visitorId: string): Promise<boolean> {
  const { rows } = await sql<{ visitor_id: string }>`
    WITH claimed AS (INSERT INTO tracking_link_uses (signature, visitor_id) VALUES (${signature}, ${visitorId}) ON CONFLICT (signature) DO NOTHING RETURNING visitor_id)
    SELECT visitor_id FROM claimed UNION ALL SELECT visitor_id FROM tracking_link_uses WHERE signature = ${signature}`.execute(db);
  return rows[0]?.visitor_id === visitorId;
}
