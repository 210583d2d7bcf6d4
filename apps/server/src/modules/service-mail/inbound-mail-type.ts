/**
 * One parsed inbound mail as the tickets module receives it. Identical to InboundTicketMail in
 * modules/service/inbound-mail.ts (built on another branch); kept here so this module stands alone.
 */
export interface InboundTicketMail {
  messageId: string;
  inReplyTo?: string;
  references: string[];
  from: { address: string; name?: string };
  subject: string;
  text: string;
  html?: string; // already trimmed of quoted history / signature, html sanitised
  attachments: { filename: string; contentType: string; content: Buffer }[];
  droppedAttachments: { filename: string; size: number; reason: string }[];
  receivedAt: Date;
}

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
