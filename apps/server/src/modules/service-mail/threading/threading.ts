import { randomBytes } from 'node:crypto';

/**
 * Threading headers for the service module's outgoing replies, so customers' clients (Outlook,
 * Foxmail, Gmail) show one conversation and their answers come back to the right ticket: by
 * In-Reply-To/References when the client keeps them, by "[T-000123]" in the subject when it does not.
 */

const TICKET_TAG = /\[T-(\d{1,12})\]/i;
/** Reply and forward prefixes, English and Chinese clients' (回复/答复/回覆/转发/轉寄). */
const PREFIX = /^\s*((re|fw|fwd|aw|sv|vs|回复|答复|回覆|转发|轉寄|轉發)\s*(\[\d+\])?\s*[:：]\s*)+/i;
const MAX_REFERENCES = 20;

export const formatTicketNumber = (n: number) => `T-${String(n).padStart(6, '0')}`;

/** The ticket number a subject carries ("Re: [T-000123] 发票" → 123), or null. */
export function ticketNumberFromSubject(subject: string): number | null {
  const match = TICKET_TAG.exec(subject);
  return match ? Number(match[1]) : null;
}

/** "Re: 回复: [T-000123] 发票问题" → "[T-000123] 发票问题": one tag, no stacked prefixes. */
export function ticketSubject(ticketNumber: number, subject: string): string {
  const bare = subject.replace(/\s*\[T-\d{1,12}\]\s*/gi, ' ').replace(PREFIX, '').replace(/\s+/g, ' ').trim();
  return `[${formatTicketNumber(ticketNumber)}] ${bare}`.trim();
}

/** A new Message-ID on our domain that names the ticket (handy when reading raw headers). */
export function newMessageId(ticketNumber: number, domain: string): string {
  return `<${formatTicketNumber(ticketNumber).toLowerCase()}.${Date.now().toString(36)}.${randomBytes(6).toString('hex')}@${domain.replace(/^.*@/, '')}>`;
}

export interface ReplyThreading {
  messageId: string;
  inReplyTo?: string;
  references: string[];
  subject: string;
}

/**
 * Headers for a reply on a ticket: In-Reply-To the message answered, References its chain plus
 * it (the oldest kept first, the list capped as RFC 5322 suggests: first + latest ones).
 */
export function replyThreading(input: { ticketNumber: number; subject: string; domain: string; replyTo?: { messageId: string; references?: string[] } }): ReplyThreading {
  const chain = input.replyTo ? [...(input.replyTo.references ?? []), input.replyTo.messageId] : [];
  const unique = [...new Set(chain.map((id) => id.trim()).filter(Boolean))];
  const references = unique.length > MAX_REFERENCES ? [unique[0], ...unique.slice(-(MAX_REFERENCES - 1))] : unique;
  return {
    messageId: newMessageId(input.ticketNumber, input.domain),
    ...(input.replyTo ? { inReplyTo: input.replyTo.messageId } : {}),
    references,
    subject: ticketSubject(input.ticketNumber, input.subject),
  };
}

/** As nodemailer takes them (messageId, inReplyTo, references joined by spaces). */
export const nodemailerHeaders = (t: ReplyThreading) => ({ messageId: t.messageId, subject: t.subject, ...(t.inReplyTo ? { inReplyTo: t.inReplyTo } : {}), ...(t.references.length ? { references: t.references.join(' ') } : {}) });
