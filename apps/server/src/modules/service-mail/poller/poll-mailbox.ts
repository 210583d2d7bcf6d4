import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { DeliverInboundMail } from '../inbound-mail-type.js';
import { parseInboundMail } from '../parse/parse-mail.js';
import { mailboxKey, type MailboxSettings } from '../settings/mailbox-settings.js';
import { mailDb } from '../tables.js';
import { advanceLastUid, claimNew, lastUid, reclaimExpired, type Claim } from './claims.js';
import { finishMail, type Outcome } from './finish-mail.js';
import { connectImap } from './imap-client.js';

export interface PollOptions {
  settings: MailboxSettings;
  deliver: DeliverInboundMail;
  /** The support mailbox and the SMTP sender address: mail from them is our own come back. */
  ownAddresses: string[];
  /** How long a claim holds before another poller may take it over. */
  leaseSeconds?: number;
  /** Mails fetched per IMAP round trip. */
  batchSize?: number;
  /** Called after the claims are committed, before any delivery (tests stop a poller here). */
  afterClaim?: (claims: Claim[]) => Promise<void>;
}

export interface PollResult {
  claimed: number;
  delivered: number;
  quarantined: number;
  ignored: number;
}

/**
 * One poll of the support folder: claim the UIDs above where the last poll got to (plus claims a
 * dead poller left), fetch and parse them, deliver or quarantine each, then mark them \Seen (or
 * move them). Safe to run on several instances at once: each mail goes to one poller.
 */
export async function pollMailbox(db: Kysely<Database>, options: PollOptions): Promise<PollResult> {
  const { settings } = options;
  const lease = options.leaseSeconds ?? 300;
  const mdb = mailDb(db);
  const mailbox = mailboxKey(settings);
  const result: PollResult = { claimed: 0, delivered: 0, quarantined: 0, ignored: 0 };
  const client = await connectImap(settings);
  try {
    const lock = await client.getMailboxLock(settings.folder);
    try {
      const status = client.mailbox;
      if (!status) throw new Error(`folder ${settings.folder} not open`);
      const uidValidity = status.uidValidity;
      const from = await lastUid(mdb, mailbox, uidValidity);
      // "n:*" always matches the highest UID, even below n: keep only the new ones.
      const found = ((await client.search({ uid: `${from + 1}:*` }, { uid: true })) || []).filter((uid) => uid > from);
      const claims = [...(await reclaimExpired(mdb, mailbox, uidValidity, lease)), ...(await claimNew(mdb, mailbox, uidValidity, found, lease))];
      // Every UID found now has a row (ours or another poller's): the next poll starts above them.
      await advanceLastUid(mdb, mailbox, uidValidity, found.length ? Math.max(...found) : from);
      result.claimed = claims.length;
      if (!claims.length) return result;
      await options.afterClaim?.(claims);
      const byUid = new Map(claims.map((c) => [c.uid, c]));
      const batch = options.batchSize ?? 50;
      const uids = [...byUid.keys()].sort((a, b) => a - b);
      for (let i = 0; i < uids.length; i += batch) {
        const messages = await client.fetchAll(uids.slice(i, i + batch), { uid: true, source: true, internalDate: true }, { uid: true });
        const done: number[] = [];
        for (const message of messages) {
          const claim = byUid.get(message.uid);
          if (!claim || !message.source) continue;
          const parsed = await parseInboundMail(message.source, { maxAttachmentBytes: settings.maxAttachmentBytes, ownAddresses: options.ownAddresses, receivedAt: message.internalDate ? new Date(message.internalDate) : undefined });
          const outcome = await finishMail(db, claim, message.source, parsed, options.deliver, settings.floodLimitPerHour);
          if (!outcome) continue;
          count(result, outcome);
          done.push(message.uid);
        }
        if (done.length) {
          if (settings.processedFolder) await client.messageMove(done, settings.processedFolder, { uid: true });
          else await client.messageFlagsAdd(done, ['\\Seen'], { uid: true });
        }
      }
      return result;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

function count(result: PollResult, outcome: Outcome) {
  if (outcome.status === 'delivered') result.delivered++;
  else if (outcome.status === 'quarantined') result.quarantined++;
  else result.ignored++;
}
