import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { MailDb } from '../tables.js';

/**
 * Claims make each mail processed once across instances and restarts: a poller first inserts
 * (mailbox, uidvalidity, uid) with a fresh token and a lease, and only the poller whose insert
 * won goes on. It delivers and marks the row done in one transaction that re-checks its token.
 * A poller that died after claiming leaves a 'claimed' row; once the lease ran out another poller
 * takes it over with a new token (so a slow old one can no longer finish it) and delivers it.
 */
export interface Claim {
  id: string;
  uid: number;
  token: string;
}

export async function claimNew(db: MailDb, mailbox: string, uidValidity: bigint, uids: number[], leaseSeconds: number): Promise<Claim[]> {
  if (!uids.length) return [];
  const token = randomUUID();
  const rows = await db
    .insertInto('inbound_mails')
    .values(uids.map((uid) => ({ mailbox, uidvalidity: String(uidValidity), uid: String(uid), status: 'claimed' as const, raw_size: 0, claim_token: token, claimed_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` as unknown as Date, attempts: 1 })))
    .onConflict((oc) => oc.columns(['mailbox', 'uidvalidity', 'uid']).doNothing())
    .returning(['id', 'uid'])
    .execute();
  return rows.map((r) => ({ id: String(r.id), uid: Number(r.uid), token }));
}

/** Takes over claims whose poller stopped before finishing (lease run out). */
export async function reclaimExpired(db: MailDb, mailbox: string, uidValidity: bigint, leaseSeconds: number): Promise<Claim[]> {
  const token = randomUUID();
  const { rows } = await sql<{ id: string; uid: string }>`
    UPDATE inbound_mails SET claim_token = ${token}, claimed_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM inbound_mails
      WHERE mailbox = ${mailbox} AND uidvalidity = ${String(uidValidity)} AND status = 'claimed' AND claimed_until < now()
      ORDER BY uid LIMIT 500 FOR UPDATE SKIP LOCKED)
    RETURNING id, uid`.execute(db);
  return rows.map((r) => ({ id: String(r.id), uid: Number(r.uid), token }));
}

/** Locks the claim row; true only if this poller still holds it. Call inside the finishing transaction. */
export async function stillMine(trx: MailDb, claim: Claim): Promise<boolean> {
  const row = await trx.selectFrom('inbound_mails').select(['claim_token', 'status']).where('id', '=', claim.id).forUpdate().executeTakeFirst();
  return row?.status === 'claimed' && row.claim_token === claim.token;
}

/** Where the folder's poll got to; a new UIDVALIDITY (the folder was rebuilt) starts again from 0. */
export async function lastUid(db: MailDb, mailbox: string, uidValidity: bigint): Promise<number> {
  const row = await db.selectFrom('inbound_mailbox_state').selectAll().where('mailbox', '=', mailbox).executeTakeFirst();
  if (row && row.uidvalidity === String(uidValidity)) return Number(row.last_uid);
  await db
    .insertInto('inbound_mailbox_state')
    .values({ mailbox, uidvalidity: String(uidValidity), last_uid: '0' })
    .onConflict((oc) => oc.column('mailbox').doUpdateSet({ uidvalidity: String(uidValidity), last_uid: '0' }))
    .execute();
  return 0;
}

export async function advanceLastUid(db: MailDb, mailbox: string, uidValidity: bigint, uid: number) {
  await sql`UPDATE inbound_mailbox_state SET last_uid = GREATEST(last_uid, ${uid}), polled_at = now() WHERE mailbox = ${mailbox} AND uidvalidity = ${String(uidValidity)}`.execute(db);
}
