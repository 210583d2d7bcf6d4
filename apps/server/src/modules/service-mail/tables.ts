import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

/** The module's own tables (migrations/service_mail_001_mailbox.ts), beside the shared Database type. */
export interface MailTables {
  mailbox_settings: {
    id: number;
    host: string;
    port: number;
    security: 'none' | 'starttls' | 'tls';
    username: string;
    password: string | null;
    folder: string;
    processed_folder: string | null;
    poll_interval_seconds: number;
    max_attachment_bytes: number;
    flood_limit_per_hour: number;
    enabled: boolean;
    updated_at: Date;
  };
  inbound_mailbox_state: { mailbox: string; uidvalidity: string; last_uid: string; polled_at: Generated<Date> };
  inbound_mails: {
    id: Generated<string>;
    mailbox: string;
    uidvalidity: string;
    uid: string;
    message_id: string | null;
    status: InboundMailStatus;
    reason: string | null;
    ticket_id: string | null;
    raw_size: number;
    from_address: string | null;
    subject: string | null;
    auto_reply: Generated<boolean>;
    raw: Buffer | null;
    claim_token: string | null;
    claimed_until: Date | null;
    attempts: Generated<number>;
    received_at: Generated<Date>;
    processed_at: Date | null;
  };
}

/** claimed: being processed (or its poller died: the lease runs out and another takes it over). */
export type InboundMailStatus = 'claimed' | 'delivered' | 'quarantined' | 'ignored' | 'discarded';

export type MailDb = Kysely<Database & MailTables>;
export const mailDb = (db: Kysely<Database>) => db as unknown as MailDb;
