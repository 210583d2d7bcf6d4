import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { recordSettingsChange } from '../../../engine/audit/audit.js';
import { ApiError, notFound } from '../../../http/errors.js';
import type { DeliverInboundMail } from '../inbound-mail-type.js';
import { parseInboundMail } from '../parse/parse-mail.js';
import type { MailboxSettings } from '../settings/mailbox-settings.js';
import { mailDb } from '../tables.js';

const DEFAULT_MAX_ATTACHMENT = 10 * 1024 * 1024;

async function lockQuarantined(trx: Kysely<Database>, id: string) {
  const row = await mailDb(trx).selectFrom('inbound_mails').select(['id', 'status', 'raw', 'subject', 'from_address']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('inbound mail');
  if (row.status !== 'quarantined') throw new ApiError('conflict', `inbound mail is ${row.status}, not quarantined`, [{ path: 'status', message: row.status }]);
  return row;
}

/**
 * An admin looked at a quarantined mail and lets it through: it is parsed again and delivered with
 * what could be read (the admin overrides malformed / flood). Audited with the admin's name.
 */
export async function reprocessQuarantined(db: Kysely<Database>, id: string, settings: MailboxSettings | null, deliver: DeliverInboundMail, actorId: string | null) {
  return db.transaction().execute(async (trx) => {
    const row = await lockQuarantined(trx, id);
    const parsed = await parseInboundMail(row.raw ?? Buffer.alloc(0), { maxAttachmentBytes: settings?.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT, ownAddresses: [] });
    if (!parsed.mail.from.address) throw new ApiError('validation_failed', 'the mail has no readable sender address: discard it', [{ path: 'from', message: 'no sender address' }]);
    const result = await deliver(trx, parsed.mail, parsed.flags);
    await mailDb(trx).updateTable('inbound_mails').set({ status: 'delivered', reason: 'reprocessed', ticket_id: result.ticketId, raw: null, message_id: parsed.mail.messageId, processed_at: new Date() }).where('id', '=', id).execute();
    await recordSettingsChange(trx, 'mailbox', actorId, { quarantine: { from: 'quarantined', to: 'delivered' } }, { name: label(row) });
    return { id, status: 'delivered' as const, ticketId: result.ticketId };
  });
}

/** Drops a quarantined mail for good (its raw bytes too); the row stays as the record of it. */
export async function discardQuarantined(db: Kysely<Database>, id: string, actorId: string | null) {
  return db.transaction().execute(async (trx) => {
    const row = await lockQuarantined(trx, id);
    await mailDb(trx).updateTable('inbound_mails').set({ status: 'discarded', raw: null, processed_at: new Date() }).where('id', '=', id).execute();
    await recordSettingsChange(trx, 'mailbox', actorId, { quarantine: { from: 'quarantined', to: 'discarded' } }, { name: label(row) });
    return { id, status: 'discarded' as const };
  });
}

const label = (row: { subject: string | null; from_address: string | null }) => `${row.from_address ?? '?'}: ${row.subject ?? ''}`.slice(0, 200);
