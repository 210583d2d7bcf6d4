import type { Kysely } from 'kysely';
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { recordSettingsChange, settingsChanges } from '../../../engine/audit/audit.js';
import { publicUrlFrom } from '../../../config.js';
import type { MailAttachmentRef, MailFile } from './attachment-sources.js';
import { checkedAddresses } from '../../../outbound/address-policy.js';

export const smtpSettingsInput = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    /** none: plain; starttls: upgrade required (port 587); tls: implicit TLS (port 465). */
    security: z.enum(['none', 'starttls', 'tls']),
    username: z.string().trim().max(255).nullable().default(null),
    /** Omitted: keep the saved one; null: remove it. Never sent back. */
    password: z.string().max(500).nullable().optional(),
    fromName: z.string().trim().min(1).max(100),
    fromAddress: z.string().trim().pipe(z.email()),
    /** The address users open the CRM at; makes links in e-mails and robot messages absolute. */
    appUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
  })
  .strict();
export type SmtpSettingsInput = z.infer<typeof smtpSettingsInput>;

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string | null;
  password: string | null;
  fromName: string;
  fromAddress: string;
  appUrl: string | null;
}

export async function loadSmtpSettings(db: Kysely<Database>): Promise<SmtpSettings | null> {
  const row = await db.selectFrom('smtp_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return null;
  return { host: row.host, port: row.port, security: row.security, username: row.username, password: row.password, fromName: row.from_name, fromAddress: row.from_address, appUrl: row.app_url };
}

/** What the API shows: everything but the password. */
export const publicSettings = ({ password, ...rest }: SmtpSettings) => ({ ...rest, hasPassword: !!password });

export async function saveSmtpSettings(db: Kysely<Database>, input: SmtpSettingsInput, actorId: string | null): Promise<SmtpSettings> {
  return db.transaction().execute(async (trx) => {
    const current = await loadSmtpSettings(trx);
    const password = input.password === undefined ? (current?.password ?? null) : input.password || null;
    const values = { host: input.host, port: input.port, security: input.security, username: input.username || null, password, from_name: input.fromName, from_address: input.fromAddress, app_url: input.appUrl?.replace(/\/+$/, '') ?? null, updated_at: new Date() };
    await trx.insertInto('smtp_settings').values({ id: 1, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    const saved = (await loadSmtpSettings(trx))!;
    // The audit shows that the password changed, never the password.
    const masked = (settings: SmtpSettings | null) => settings && { ...settings, password: settings.password ? '••••••' : null };
    const changes = settingsChanges(masked(current) ?? {}, masked(saved)!);
    if (current?.password && saved.password && current.password !== saved.password) changes.password = { from: '••••••', to: '••••••' };
    await recordSettingsChange(trx, 'email', actorId, changes);
    return saved;
  });
}

export interface OutgoingMail {
  to: string;
  toName?: string | null;
  subject: string;
  text: string;
  html?: string;
  /** Threading headers (ticket replies): <id@host> forms. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** Stored files sent along (read at sending time, see attachment-sources.ts). */
  attachments?: MailAttachmentRef[];
}

/**
 * A nodemailer transport to the configured server. The host is resolved and checked here
 * (OutboundRefused, code EREFUSED_ADDRESS, for a private range) and nodemailer connects to that
 * very address (TLS still verifies the host name). `pool` > 0 keeps up to that many connections
 * open for a batch, each sending one message after another.
 */
export async function smtpTransport(settings: SmtpSettings, pool = 0) {
  const [address] = await checkedAddresses(settings.host).catch((error: Error) => {
    throw Object.assign(error, { code: error.name === 'OutboundRefused' ? 'EREFUSED_ADDRESS' : ((error as { code?: string }).code ?? 'EDNS') });
  });
  return nodemailer.createTransport({
    ...(pool > 0 ? { pool: true, maxConnections: pool, maxMessages: Infinity } : {}),
    host: address.address,
    ...(isIP(settings.host) ? {} : { tls: { servername: settings.host } }),
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.username ? { user: settings.username, pass: settings.password ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as nodemailer.TransportOptions);
}

/** Sends one message through nodemailer; throws nodemailer's error (code EAUTH, ECONNECTION, …) or smtpTransport's. */
export async function sendMail(settings: SmtpSettings, mail: OutgoingMail, files: MailFile[] = []) {
  const transport = await smtpTransport(settings);
  try {
    return await transport.sendMail({
      from: { name: settings.fromName, address: settings.fromAddress },
      to: mail.toName ? { name: mail.toName, address: mail.to } : mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      ...(files.length ? { attachments: files.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content })) } : {}),
    });
  } finally {
    transport.close();
  }
}

/** Makes an app path (/o/deals/…) absolute when the install's address is known (settings, else CRM_PUBLIC_URL). */
export function absoluteLink(link: string | null | undefined, appUrl: string | null | undefined): string {
  if (!link) return '';
  const base = appUrl || publicUrlFrom();
  return link.startsWith('/') && base ? `${base}${link}` : link;
}
