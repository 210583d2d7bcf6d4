import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { InboundMailFlags, InboundTicketMail } from '../inbound-mail-type.js';
import { classifyMail } from './classify.js';
import { sanitizeMailHtml } from './sanitize.js';
import { trimHtmlReply, trimReply } from './trim-reply.js';

export interface ParseOptions {
  maxAttachmentBytes: number;
  /** Our own addresses (support mailbox, SMTP sender), for loop detection. */
  ownAddresses: string[];
  /** When the server received it (IMAP INTERNALDATE); the Date header is the sender's clock. */
  receivedAt?: Date;
}

export interface ParsedInbound {
  mail: InboundTicketMail;
  flags: InboundMailFlags;
  /** Set when the mail must not be delivered as it is: it goes to quarantine with this reason. */
  quarantine: string | null;
  /** Our own mail come back (own From, our X-Loop): recorded as ignored, never delivered. */
  loop: string | null;
}

/**
 * Raw RFC 822 bytes → the mail the tickets module receives. Never throws: what cannot be read
 * still yields a mail (with what could be read) and a quarantine reason. Charsets (GBK, GB18030,
 * Big5, …) are decoded by mailparser through iconv-lite.
 */
export async function parseInboundMail(raw: Buffer, options: ParseOptions): Promise<ParsedInbound> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (error) {
    return { mail: emptyMail(raw, options), flags: { autoReply: false, autoReplyReason: null }, quarantine: `unparseable: ${(error as Error).message}`.slice(0, 300), loop: null };
  }
  const from = firstAddress(parsed.from);
  const messageId = parsed.messageId?.trim() || syntheticMessageId(raw);
  const attachments: InboundTicketMail['attachments'] = [];
  const droppedAttachments: InboundTicketMail['droppedAttachments'] = [];
  for (const a of parsed.attachments) {
    const filename = a.filename || `attachment-${attachments.length + droppedAttachments.length + 1}`;
    if (a.size > options.maxAttachmentBytes) droppedAttachments.push({ filename, size: a.size, reason: 'too_large' });
    else attachments.push({ filename, contentType: a.contentType, content: a.content });
  }
  const fullText = parsed.text ?? (parsed.html ? htmlToPlain(parsed.html) : '');
  const mail: InboundTicketMail = {
    messageId,
    inReplyTo: parsed.inReplyTo?.trim() || undefined,
    references: typeof parsed.references === 'string' ? [parsed.references] : (parsed.references ?? []),
    from: { address: from?.address?.toLowerCase() ?? '', ...(from?.name ? { name: from.name } : {}) },
    subject: (parsed.subject ?? '').trim(),
    text: trimReply(fullText),
    ...(parsed.html ? { html: sanitizeMailHtml(trimHtmlReply(parsed.html)) } : {}),
    attachments,
    droppedAttachments,
    receivedAt: options.receivedAt ?? parsed.date ?? new Date(),
  };
  const kind = classifyMail(parsed, options.ownAddresses);
  const flags: InboundMailFlags = kind.kind === 'auto' ? { autoReply: true, autoReplyReason: kind.reason } : { autoReply: false, autoReplyReason: null };
  return { mail, flags, quarantine: malformed(parsed, raw, mail), loop: kind.kind === 'loop' ? kind.reason : null };
}

/** Why a parsed mail cannot be trusted as it is, or null. */
function malformed(parsed: ParsedMail, raw: Buffer, mail: InboundTicketMail): string | null {
  if (!mail.from.address) return 'no_sender';
  const contentType = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value?.startsWith('multipart/')) {
    const boundary = contentType.params?.boundary;
    if (!boundary) return 'malformed_mime: multipart without boundary';
    if (!raw.includes(`--${boundary}`)) return 'malformed_mime: boundary never used';
    if (!raw.includes(`--${boundary}--`)) return 'malformed_mime: multipart not closed';
  }
  if (!mail.text.trim() && !mail.html && !mail.attachments.length) return 'empty_body';
  return null;
}

function firstAddress(address: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(address) ? address : address ? [address] : [];
  return list.flatMap((a) => a.value).find((v) => v.address);
}

/** A stable id for a mail without Message-ID, so a second copy of it is still recognised. */
const syntheticMessageId = (raw: Buffer) => `<${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@no-message-id.invalid>`;

const htmlToPlain = (html: string) => sanitizeMailHtml(html).replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n').replace(/<[^>]+>/g, '').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function emptyMail(raw: Buffer, options: ParseOptions): InboundTicketMail {
  return { messageId: syntheticMessageId(raw), references: [], from: { address: '' }, subject: '', text: raw.toString('latin1').slice(0, 2000), attachments: [], droppedAttachments: [], receivedAt: options.receivedAt ?? new Date() };
}
