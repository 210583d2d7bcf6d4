import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** The install's secret for signing tracking links, made on first use (kept in the database, so every instance agrees). */
export async function trackingSecret(db: Kysely<Database>): Promise<string> {
  const read = async () => (await sql<{ link_secret: string }>`SELECT link_secret FROM marketing_settings WHERE id = 1`.execute(db)).rows[0]?.link_secret;
  const found = await read();
  if (found) return found;
  await sql`INSERT INTO marketing_settings (id, link_secret) VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    ON CONFLICT (id) DO NOTHING`.execute(db);
  return (await read())!;
}

export type LinkKind = 'open' | 'click' | 'unsubscribe';

/** HMAC over kind, recipient and (for clicks) the target: a link works only for what it was made for. */
export function sign(secret: string, kind: LinkKind, recipientId: string, target = ''): string {
  return createHmac('sha256', secret).update(`${kind}\n${recipientId}\n${target}`).digest('base64url');
}

export function verify(secret: string, kind: LinkKind, recipientId: string, signature: string, target = ''): boolean {
  const expected = Buffer.from(sign(secret, kind, recipientId, target));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Public paths, outside the staff API. */
export const PUBLIC_PREFIX = '/m';
export const openPath = (id: string, secret: string) => `${PUBLIC_PREFIX}/o/${id}/${sign(secret, 'open', id)}.gif`;
export const clickPath = (id: string, secret: string, url: string) => `${PUBLIC_PREFIX}/c/${id}/${sign(secret, 'click', id, url)}?u=${encodeURIComponent(url)}`;
export const unsubscribePath = (id: string, secret: string) => `${PUBLIC_PREFIX}/u/${id}/${sign(secret, 'unsubscribe', id)}`;

const decodeAttr = (value: string) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const encodeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * Sends every http(s) link of the (sanitised, double-quoted) body through the signed click
 * redirect, except links into the CRM's own public pages (the unsubscribe link).
 */
export function trackLinks(html: string, base: string, recipientId: string, secret: string): string {
  return html.replace(/(<a\b[^>]*?\bhref=")([^"]*)(")/gi, (whole, before: string, href: string, after: string) => {
    const url = decodeAttr(href);
    if (!/^https?:\/\//i.test(url) || url.startsWith(`${base}${PUBLIC_PREFIX}/`)) return whole;
    return `${before}${encodeAttr(`${base}${clickPath(recipientId, secret, url)}`)}${after}`;
  });
}
