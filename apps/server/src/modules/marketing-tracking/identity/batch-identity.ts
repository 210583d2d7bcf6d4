import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { badRequest } from '../../../http/errors.js';
import { trackingSecret } from '../../marketing/email/tracking.js';
import type { EventBatch } from '../collect/payload.js';
import { attachVisitor, personByEmail } from './identify.js';
import { claimLinkToken, readLinkToken } from './link-token.js';

/**
 * The identify and link calls of a batch tie its visitor to a person. A link token must be signed
 * by this install and name a contact (400 naming the event otherwise, before anything is written);
 * an expired one, or one another browser showed first, ties nothing.
 */
export async function identifyFromBatch(db: Kysely<Database>, batch: EventBatch) {
  const links = batch.events.flatMap((e, i) => (e.type === 'link' ? [{ i, token: e.token }] : []));
  const secret = links.length ? await trackingSecret(db) : '';
  const tokens = links.map(({ i, token }) => {
    const read = readLinkToken(secret, token);
    if (!read) throw badRequest('this link token was not made by this CRM', [{ path: `events.${i}.token`, message: 'not signed by this CRM' }]);
    return read;
  });
  for (const e of batch.events) {
    if (e.type !== 'identify') continue;
    const person = await personByEmail(db, e.email);
    if (person) await attachVisitor(db, batch.visitorId, person, 'identify');
  }
  for (const token of tokens) {
    if (token.expired) continue;
    const { rows } = await sql`SELECT 1 FROM contacts WHERE id = ${token.contactId} AND deleted_at IS NULL`.execute(db);
    if (rows.length && (await claimLinkToken(db, token.signature, batch.visitorId))) await attachVisitor(db, batch.visitorId, { object: 'contacts', recordId: token.contactId }, 'email_click');
  }
}
