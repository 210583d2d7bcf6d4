import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { recordSettingsChange, settingsChanges } from '../../../engine/audit/audit.js';
import { mailDb, type MailTables } from '../tables.js';

export const mailboxSettingsInput = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    /** none: plain (port 143); starttls: upgrade required; tls: implicit TLS (port 993). */
    security: z.enum(['none', 'starttls', 'tls']),
    username: z.string().trim().min(1).max(255),
    /** Omitted: keep the saved one; null: remove it. Never sent back. */
    password: z.string().max(500).nullable().optional(),
    folder: z.string().trim().min(1).max(200).default('INBOX'),
    /** Move processed mail here; null: leave it in the folder, marked \Seen. */
    processedFolder: z.string().trim().min(1).max(200).nullable().default(null),
    pollIntervalSeconds: z.number().int().min(10).max(86_400).default(60),
    maxAttachmentBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
    /** More mails than this from one sender within an hour go to quarantine. */
    floodLimitPerHour: z.number().int().min(1).max(10_000).default(30),
    enabled: z.boolean().default(false),
  })
  .strict();
export type MailboxSettingsInput = z.infer<typeof mailboxSettingsInput>;

export interface MailboxSettings {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string;
  password: string | null;
  folder: string;
  processedFolder: string | null;
  pollIntervalSeconds: number;
  maxAttachmentBytes: number;
  floodLimitPerHour: number;
  enabled: boolean;
}

const fromRow = (row: MailTables['mailbox_settings']): MailboxSettings => ({
  host: row.host,
  port: row.port,
  security: row.security,
  username: row.username,
  password: row.password,
  folder: row.folder,
  processedFolder: row.processed_folder,
  pollIntervalSeconds: row.poll_interval_seconds,
  maxAttachmentBytes: row.max_attachment_bytes,
  floodLimitPerHour: row.flood_limit_per_hour,
  enabled: row.enabled,
});

export async function loadMailboxSettings(db: Kysely<Database>): Promise<MailboxSettings | null> {
  const row = await mailDb(db).selectFrom('mailbox_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** What the API shows: everything but the password. */
export const publicMailboxSettings = ({ password, ...rest }: MailboxSettings) => ({ ...rest, hasPassword: !!password });

/** The key poll state and inbound_mails rows are filed under: one per account and folder. */
export const mailboxKey = (s: Pick<MailboxSettings, 'username' | 'host' | 'folder'>) => `${s.username}@${s.host}/${s.folder}`;

export async function saveMailboxSettings(db: Kysely<Database>, input: MailboxSettingsInput, actorId: string | null): Promise<MailboxSettings> {
  return db.transaction().execute(async (trx) => {
    const current = await loadMailboxSettings(trx);
    const password = input.password === undefined ? (current?.password ?? null) : input.password || null;
    const values = {
      host: input.host,
      port: input.port,
      security: input.security,
      username: input.username,
      password,
      folder: input.folder,
      processed_folder: input.processedFolder,
      poll_interval_seconds: input.pollIntervalSeconds,
      max_attachment_bytes: input.maxAttachmentBytes,
      flood_limit_per_hour: input.floodLimitPerHour,
      enabled: input.enabled,
      updated_at: new Date(),
    };
    await mailDb(trx).insertInto('mailbox_settings').values({ id: 1, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    const saved = (await loadMailboxSettings(trx))!;
    // The audit shows that the password changed, never the password.
    const masked = (s: MailboxSettings | null) => s && { ...s, password: s.password ? '••••••' : null };
    const changes = settingsChanges(masked(current) ?? {}, masked(saved)!);
    if (current?.password && saved.password && current.password !== saved.password) changes.password = { from: '••••••', to: '••••••' };
    await recordSettingsChange(trx, 'mailbox', actorId, changes);
    return saved;
  });
}
