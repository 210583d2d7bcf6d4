import type { InboundTicketMail } from '../service/inbound-mail.js';

/** One parsed inbound mail as the tickets module receives it. */
export type { InboundTicketMail };

/** What the mail side learnt about a mail that the mail itself does not say. */
export interface InboundMailFlags {
  /** An auto-reply, bounce or list mail: thread it, but never answer it. */
  autoReply: boolean;
  /** auto_submitted, x_autoreply, precedence_bulk, bounce, … (empty for a person's mail). */
  autoReplyReason: string | null;
}

/**
 * Hands one mail to the tickets module, inside the transaction that marks the mail delivered:
 * either both happen or neither, so a crash re-delivers exactly once. Returns the ticket it landed on.
 */
export type DeliverInboundMail = (trx: import('kysely').Kysely<import('../../db/types.js').Database>, mail: InboundTicketMail, flags: InboundMailFlags) => Promise<{ ticketId: string; messageId: string; created: boolean }>;
