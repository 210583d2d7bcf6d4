import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { DeliverInboundMail } from '../inbound-mail-type.js';
import { parseInboundMail } from '../parse/parse-mail.js';
import { mailboxKey, type MailboxSettings } from '../settings/mailbox-settings.js';
import { mailDb } from '../tables.js';
import { advanceLastUid, claimNew, lastUid, reclaimExpired, type Claim } from './claims.js';
import { finishBatch, type BatchItem, type Outcome } from './finish-mail.js';
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
 * dead poller left), fetch and parse them a batch at a time, deliver or quarantine each (one
 * transaction per batch), then mark them \Seen (or move them). Safe to run on several instances
 * at once: each mail goes to one poller.
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
        const parseOptions = { maxAttachmentBytes: settings.maxAttachmentBytes, ownAddresses: options.ownAddresses };
        const items: BatchItem[] = await Promise.all(
          messages
            .filter((m) => byUid.has(m.uid) && m.source)
            .map(async (m) => ({ claim: byUid.get(m.uid)!, raw: m.source!, parsed: await parseInboundMail(m.source!, { ...parseOptions, receivedAt: m.internalDate ? new Date(m.internalDate) : undefined }) })),
        );
        const outcomes = await finishBatch(db, items, options.deliver, settings.floodLimitPerHour);
        const done: number[] = [];
        outcomes.forEach((outcome, k) => {
          if (!outcome) return;
          count(result, outcome);
          done.push(items[k].claim.uid);
        });
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
