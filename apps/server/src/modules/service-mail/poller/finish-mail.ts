import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { DeliverInboundMail } from '../inbound-mail-type.js';
import type { ParsedInbound } from '../parse/parse-mail.js';
import { mailDb, type InboundMailStatus } from '../tables.js';
import { stillMine, type Claim } from './claims.js';

export type Outcome = { status: InboundMailStatus; reason: string | null; ticketId?: string };

/**
 * Decides and records what becomes of one claimed mail, in one transaction with its delivery:
 * our own mail come back → ignored; unreadable or a flood → quarantined (raw kept for an admin);
 * a Message-ID already delivered → ignored; else delivered to the tickets module. A failing
 * delivery quarantines the mail instead of losing it. Null when another poller took the claim over.
 */
export async function finishMail(db: Kysely<Database>, claim: Claim, raw: Buffer, parsed: ParsedInbound, deliver: DeliverInboundMail, floodLimitPerHour: number): Promise<Outcome | null> {
  const flood = parsed.quarantine || parsed.loop ? false : await isFlood(db, parsed.mail.from.address, floodLimitPerHour);
  const base = { message_id: parsed.mail.messageId, raw_size: raw.length, from_address: parsed.mail.from.address || null, subject: parsed.mail.subject.slice(0, 500), auto_reply: parsed.flags.autoReply, processed_at: new Date() };
  try {
    return await db.transaction().execute(async (trx) => {
      const mdb = mailDb(trx);
      if (!(await stillMine(mdb, claim))) return null;
      let outcome: Outcome;
      if (parsed.loop) outcome = { status: 'ignored', reason: `loop: ${parsed.loop}` };
      else if (parsed.quarantine || flood) outcome = { status: 'quarantined', reason: parsed.quarantine ?? 'flood' };
      else if (await alreadyDelivered(trx, parsed.mail.messageId)) outcome = { status: 'ignored', reason: 'duplicate_message_id' };
      else {
        const result = await deliver(trx, parsed.mail, parsed.flags);
        outcome = { status: 'delivered', reason: parsed.flags.autoReplyReason, ticketId: result.ticketId };
      }
      await mdb
        .updateTable('inbound_mails')
        .set({ ...base, status: outcome.status, reason: outcome.reason, ticket_id: outcome.ticketId ?? null, raw: outcome.status === 'quarantined' ? raw : null, claim_token: null, claimed_until: null })
        .where('id', '=', claim.id)
        .execute();
      return outcome;
    });
  } catch (error) {
    // The delivery (or the unique Message-ID index, when another poller delivered a copy first)
    // refused: keep the mail for an admin rather than retrying it forever.
    const duplicate = (error as { code?: string }).code === '23505';
    const outcome: Outcome = duplicate ? { status: 'ignored', reason: 'duplicate_message_id' } : { status: 'quarantined', reason: `delivery_failed: ${(error as Error).message}`.slice(0, 500) };
    const done = await mailDb(db)
      .updateTable('inbound_mails')
      .set({ ...base, status: outcome.status, reason: outcome.reason, raw: duplicate ? null : raw, claim_token: null, claimed_until: null })
      .where('id', '=', claim.id)
      .where('claim_token', '=', claim.token)
      .executeTakeFirst();
    return done.numUpdatedRows ? outcome : null;
  }
}

async function alreadyDelivered(trx: Kysely<Database>, messageId: string): Promise<boolean> {
  const row = await mailDb(trx).selectFrom('inbound_mails').select('id').where('message_id', '=', messageId).where('status', '=', 'delivered').executeTakeFirst();
  return !!row;
}

/** More mails than the limit from one sender within the last hour (this one not yet counted). */
async function isFlood(db: Kysely<Database>, from: string, limit: number): Promise<boolean> {
  if (!from) return false;
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM inbound_mails
    WHERE from_address = ${from} AND received_at > now() - interval '1 hour' AND status IN ('delivered', 'quarantined')`.execute(db);
  return rows[0].n >= limit;
}
