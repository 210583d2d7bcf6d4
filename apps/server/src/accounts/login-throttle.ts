import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';

const WINDOW_MINUTES = 15;
/** Wrong passwords one address may try for one account before it has to wait. */
const FREE_ATTEMPTS = 5;
/** The first wait; it doubles with each further failure, up to the window. */
const FIRST_DELAY_S = 30;
/** Failures one address may have across all accounts in the window (password spraying). */
const MAX_FAILURES_PER_IP = 30;
/** Failures of one account from all addresses that mean it is under attack: then each failing address waits after one failure. */
const ACCOUNT_UNDER_ATTACK = 20;

/**
 * Login throttling per (account, address) with exponential backoff, plus a per-address limit.
 * Failures are rows in login_failures, so every app instance sees the same counts. A stranger's
 * failures never slow the owner down from an address that has not failed: nobody can lock an
 * account out. An attempt is recorded before its password is checked, so a burst of parallel
 * guesses counts every guess (each sees the others in flight).
 */
export class LoginThrottle {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records an attempt; answers its id, or the seconds to wait if this address must wait now. */
  async begin(email: string, ip: string): Promise<{ attemptId: string } | { retryAfter: number }> {
    const attempt = await this.db.insertInto('login_failures').values({ email, ip }).returning('id').executeTakeFirstOrThrow();
    const { rows } = await sql<{ pair: string; pair_last: Date | null; by_ip: string; by_email: string; now: Date }>`
      SELECT count(*) FILTER (WHERE email = ${email} AND ip = ${ip}) AS pair,
             max(at) FILTER (WHERE email = ${email} AND ip = ${ip}) AS pair_last,
             count(*) FILTER (WHERE ip = ${ip}) AS by_ip,
             count(*) FILTER (WHERE email = ${email}) AS by_email,
             now() AS now
      FROM login_failures
      WHERE at > now() - make_interval(mins => ${WINDOW_MINUTES}) AND (email = ${email} OR ip = ${ip}) AND id <> ${attempt.id}`.execute(this.db);
    const stats = rows[0];
    const wait = waitSeconds(Number(stats.pair), stats.pair_last, Number(stats.by_ip), Number(stats.by_email), new Date(stats.now));
    if (wait > 0) {
      // A refused attempt is not a failure: it must not lengthen the wait.
      await this.db.deleteFrom('login_failures').where('id', '=', attempt.id).execute();
      return { retryAfter: wait };
    }
    if (Math.random() < 0.01) await sql`DELETE FROM login_failures WHERE at < now() - interval '1 day'`.execute(this.db);
    return { attemptId: attempt.id };
  }

  /** The password was right: this address's failures for the account are forgiven. */
  async succeeded(email: string, ip: string) {
    await this.db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).execute();
  }
}

function waitSeconds(pairFailures: number, pairLast: Date | null, ipFailures: number, accountFailures: number, now: Date): number {
  if (ipFailures >= MAX_FAILURES_PER_IP) return WINDOW_MINUTES * 60;
  const free = accountFailures >= ACCOUNT_UNDER_ATTACK ? 1 : FREE_ATTEMPTS;
  if (pairFailures < free || !pairLast) return 0;
  const delay = Math.min(WINDOW_MINUTES * 60, FIRST_DELAY_S * 2 ** (pairFailures - free));
  return Math.max(0, Math.ceil((new Date(pairLast).getTime() + delay * 1000 - now.getTime()) / 1000));
}
