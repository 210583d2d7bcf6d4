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
  const base = baseColumns(raw, parsed);
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

const baseColumns = (raw: Buffer, parsed: ParsedInbound) => ({ message_id: parsed.mail.messageId, raw_size: raw.length, from_address: parsed.mail.from.address || null, subject: parsed.mail.subject.slice(0, 500), auto_reply: parsed.flags.autoReply, processed_at: new Date() });

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

export interface BatchItem {
  claim: Claim;
  raw: Buffer;
  parsed: ParsedInbound;
}

/**
 * The mails of one fetched batch, finished in one transaction: the claim rows locked and the
 * Message-ID dedupe and flood counts read with one query each, each mail delivered, and the
 * inbound_mails rows marked in one statement. Same guarantees as finishMail (a mail's delivery
 * and its mark commit together; a taken-over claim is skipped). If anything in the batch fails
 * (a delivery throws, another poller delivered a copy first) the batch rolls back as a whole and
 * each mail goes through finishMail on its own, so one bad mail costs only its own batch's speed.
 * Outcomes in the order of the items (null: another poller took the claim over).
 */
export async function finishBatch(db: Kysely<Database>, items: BatchItem[], deliver: DeliverInboundMail, floodLimitPerHour: number): Promise<(Outcome | null)[]> {
  if (!items.length) return [];
  const senders = [...new Set(items.map((i) => i.parsed.mail.from.address).filter(Boolean))];
  const recent = await recentBySender(db, senders);
  try {
    return await db.transaction().execute(async (trx) => {
      const mdb = mailDb(trx);
      const locked = await mdb.selectFrom('inbound_mails').select(['id', 'claim_token', 'status']).where('id', 'in', items.map((i) => i.claim.id)).forUpdate().execute();
      const mine = new Set(locked.filter((r) => r.status === 'claimed').map((r) => `${r.id}:${r.claim_token}`));
      const messageIds = items.map((i) => i.parsed.mail.messageId);
      const delivered = new Set((await mdb.selectFrom('inbound_mails').select('message_id').where('message_id', 'in', messageIds).where('status', '=', 'delivered').execute()).map((r) => r.message_id));
      const outcomes: (Outcome | null)[] = [];
      const marks: { id: string; outcome: Outcome; item: BatchItem }[] = [];
      for (const item of items) {
        if (!mine.has(`${item.claim.id}:${item.claim.token}`)) {
          outcomes.push(null);
          continue;
        }
        const { parsed } = item;
        const from = parsed.mail.from.address;
        const flood = !parsed.quarantine && !parsed.loop && !!from && (recent.get(from) ?? 0) >= floodLimitPerHour;
        let outcome: Outcome;
        if (parsed.loop) outcome = { status: 'ignored', reason: `loop: ${parsed.loop}` };
        else if (parsed.quarantine || flood) outcome = { status: 'quarantined', reason: parsed.quarantine ?? 'flood' };
        else if (delivered.has(parsed.mail.messageId)) outcome = { status: 'ignored', reason: 'duplicate_message_id' };
        else {
          const result = await deliver(trx, parsed.mail, parsed.flags);
          delivered.add(parsed.mail.messageId);
          outcome = { status: 'delivered', reason: parsed.flags.autoReplyReason, ticketId: result.ticketId };
        }
        // A later mail of this batch counts this one, as it would after a commit of its own.
        if (from && (outcome.status === 'delivered' || outcome.status === 'quarantined')) recent.set(from, (recent.get(from) ?? 0) + 1);
        outcomes.push(outcome);
        marks.push({ id: item.claim.id, outcome, item });
      }
      await markDone(trx, marks);
      return outcomes;
    });
  } catch {
    const outcomes: (Outcome | null)[] = [];
    for (const item of items) outcomes.push(await finishMail(db, item.claim, item.raw, item.parsed, deliver, floodLimitPerHour));
    return outcomes;
  }
}

/** Marks the batch's rows in one statement; quarantined ones (rare) keep their raw bytes on their own. */
async function markDone(trx: Kysely<Database>, marks: { id: string; outcome: Outcome; item: BatchItem }[]) {
  const plain = marks.filter((m) => m.outcome.status !== 'quarantined');
  if (plain.length) {
    const col = <T>(pick: (m: (typeof plain)[number]) => T) => plain.map(pick);
    await sql`
      UPDATE inbound_mails m SET status = v.status, reason = v.reason, ticket_id = v.ticket_id, message_id = v.message_id, raw_size = v.raw_size,
        from_address = v.from_address, subject = v.subject, auto_reply = v.auto_reply, raw = NULL, claim_token = NULL, claimed_until = NULL, processed_at = now()
      FROM unnest(${col((m) => m.id)}::bigint[], ${col((m) => m.outcome.status)}::text[], ${col((m) => m.outcome.reason)}::text[], ${col((m) => m.outcome.ticketId ?? null)}::text[],
        ${col((m) => m.item.parsed.mail.messageId)}::text[], ${col((m) => m.item.raw.length)}::int[], ${col((m) => m.item.parsed.mail.from.address || null)}::text[],
        ${col((m) => m.item.parsed.mail.subject.slice(0, 500))}::text[], ${col((m) => m.item.parsed.flags.autoReply)}::boolean[])
        AS v(id, status, reason, ticket_id, message_id, raw_size, from_address, subject, auto_reply)
      WHERE m.id = v.id`.execute(trx);
  }
  for (const m of marks.filter((x) => x.outcome.status === 'quarantined')) {
    await mailDb(trx)
      .updateTable('inbound_mails')
      .set({ ...baseColumns(m.item.raw, m.item.parsed), status: 'quarantined', reason: m.outcome.reason, ticket_id: null, raw: m.item.raw, claim_token: null, claimed_until: null })
      .where('id', '=', m.id)
      .execute();
  }
}

/** Mails per sender within the last hour that count towards the flood limit, one query for a batch. */
async function recentBySender(db: Kysely<Database>, senders: string[]): Promise<Map<string, number>> {
  if (!senders.length) return new Map();
  const { rows } = await sql<{ from_address: string; n: number }>`
    SELECT from_address, count(*)::int AS n FROM inbound_mails
    WHERE from_address = ANY(${senders}::text[]) AND received_at > now() - interval '1 hour' AND status IN ('delivered', 'quarantined')
    GROUP BY from_address`.execute(db);
  return new Map(rows.map((r) => [r.from_address, r.n]));
}
