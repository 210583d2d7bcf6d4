import { sql, type Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';
import { loadSmtpSettings, smtpTransport, type SmtpSettings } from '../../notifications/email/smtp-settings.js';
import { publicUrlFrom } from '../../../config.js';
import { markSent, type Person } from './campaign-status.js';
import { batchVars, composeMail, type MailLocale, type MarketingTemplate } from './compose.js';
import { skipReasonSql } from './consent.js';
import { setSendStatus } from './send-status.js';
import { trackingSecret } from './tracking.js';

export interface WorkerDeps {
  db: Kysely<Database>;
  engine: Engine;
  workerId: string;
  /** True once the app is shutting down: the worker hands nothing more to SMTP and leaves. */
  stopping: () => boolean;
  /** Most recipients claimed at once; default CRM_MARKETING_BATCH. */
  batch?: number;
}

/** How long one job works before it hands the send on (a new job), so one send never holds a worker for hours. */
const SLICE_MS = 20_000;
const MAX_ATTEMPTS = 3;
/** A worker's hold on a send; renewed with every batch, so it must outlast one batch's SMTP exchanges. */
export const leaseSeconds = () => Math.max(5, Number(process.env.CRM_MARKETING_LEASE_S || 60));
const setting = (value: string | undefined, fallback: number, max: number) => Math.min(max, Math.max(1, Math.floor(Number(value) || fallback)));
/** Most recipients one claim takes (CRM_MARKETING_BATCH): a worker killed mid-batch leaves at most this many "interrupted". */
export const batchSize = () => setting(process.env.CRM_MARKETING_BATCH, 20, 200);
/** SMTP connections one send keeps open (CRM_MARKETING_SMTP_CONNECTIONS). */
export const smtpConnections = () => setting(process.env.CRM_MARKETING_SMTP_CONNECTIONS, 3, 20);

/** Codes nodemailer gives before a message is handed over: nothing was delivered, so it may be tried again. */
const NOT_SENT = new Set(['ECONNECTION', 'EDNS', 'EAUTH', 'ETLS', 'EREFUSED_ADDRESS', 'ENOTCONFIGURED']);
const INTERRUPTED = 'interrupted during SMTP: may or may not have arrived, not sent again';

interface Run {
  send_id: string;
  status: string;
  rate_per_minute: number;
  locale: MailLocale;
  next_at: Date;
}

interface Claimed extends Person {
  id: string;
  email: string;
  locale: MailLocale | null;
  attempts: number;
  /** Why it was skipped at claim time (consent withdrawn, bounced, unsubscribed, deleted), else null: to be sent. */
  reason: string | null;
}

/** Takes (or renews) the send's lease; null when another live worker holds it or the send is not running. */
async function takeLease(deps: WorkerDeps, sendId: string): Promise<Run | null> {
  const { rows } = await sql<Run>`
    UPDATE marketing_send_runs SET worker = ${deps.workerId}, lease_until = now() + make_interval(secs => ${leaseSeconds()})
    WHERE send_id = ${sendId} AND status = 'sending' AND (worker IS NULL OR worker = ${deps.workerId} OR lease_until < now())
    RETURNING send_id, status, rate_per_minute, locale, next_at`.execute(deps.db);
  return rows[0] ?? null;
}

const personReason = sql`CASE WHEN c.id IS NOT NULL THEN ${skipReasonSql('c')} WHEN l.id IS NOT NULL THEN ${skipReasonSql('l')} ELSE 'no_email' END`;

/**
 * Claims up to `limit` due recipients in one committed transaction before any SMTP: one UPDATE
 * marks them "sending" (or "skipped" when consent, suppression or the person went away since
 * queueing), and the throttle's next slot moves on by one interval per recipient to send. Only
 * the lease holder claims (the run update renews the lease; without it the claim rolls back).
 * Returns the recipients and the slot of the first; null when none is due or the lease is lost.
 */
async function claimBatch(deps: WorkerDeps, sendId: string, limit: number): Promise<{ recipients: Claimed[]; first: number; intervalMs: number; next_at: Date; rate: number } | null> {
  return deps.db.transaction().execute(async (trx) => {
    const { rows } = await sql<Claimed>`
      UPDATE marketing_send_recipients r SET state = CASE WHEN p.reason IS NULL THEN 'sending' ELSE 'skipped' END,
        skip_reason = coalesce(p.reason, r.skip_reason), attempts = r.attempts + CASE WHEN p.reason IS NULL THEN 1 ELSE 0 END, claimed_at = now()
      FROM (
        SELECT q.id, ${personReason} AS reason
        FROM marketing_send_recipients q
        LEFT JOIN contacts c ON c.id = q.contact_id AND c.deleted_at IS NULL
        LEFT JOIN leads l ON l.id = q.lead_id AND l.deleted_at IS NULL
        WHERE q.send_id = ${sendId} AND q.state = 'queued' AND (q.retry_at IS NULL OR q.retry_at <= now())
        ORDER BY q.id LIMIT ${limit} FOR UPDATE OF q SKIP LOCKED
      ) p
      WHERE r.id = p.id
      RETURNING r.id, r.contact_id, r.lead_id, r.email, r.locale, r.attempts, p.reason`.execute(trx);
    if (!rows.length) return null;
    const sending = rows.filter((r) => !r.reason).length;
    const held = await sql<{ next_at: Date; rate_per_minute: number }>`
      UPDATE marketing_send_runs SET next_at = greatest(next_at, now()) + make_interval(secs => ${sending} * 60.0 / rate_per_minute::float8),
        lease_until = now() + make_interval(secs => ${leaseSeconds()})
      WHERE send_id = ${sendId} AND worker = ${deps.workerId} AND status = 'sending' RETURNING next_at, rate_per_minute`.execute(trx);
    if (!held.rows.length) throw new LeaseLost();
    const intervalMs = 60_000 / held.rows[0].rate_per_minute;
    const next_at = new Date(held.rows[0].next_at);
    return { recipients: rows, first: next_at.getTime() - sending * intervalMs, intervalMs, next_at, rate: held.rows[0].rate_per_minute };
  }).catch((error) => {
    if (error instanceof LeaseLost) return null;
    throw error;
  });
}

class LeaseLost extends Error {}

const renewLease = (deps: WorkerDeps, sendId: string) =>
  sql`UPDATE marketing_send_runs SET lease_until = now() + make_interval(secs => ${leaseSeconds()}) WHERE send_id = ${sendId} AND worker = ${deps.workerId}`.execute(deps.db);

type SmtpError = Error & { code?: string; responseCode?: number; command?: string; rejected?: string[] };

/** What became of one claimed recipient, written with the rest of its batch. */
interface Outcome {
  id: string;
  state: 'delivered' | 'bounced' | 'queued' | 'failed' | 'skipped';
  error?: string | null;
  skipReason?: string | null;
  retryAt?: Date | null;
  sentAt?: Date | null;
  /** Taken back before SMTP (shutdown): the claim's attempt does not count. */
  unclaimed?: boolean;
  smtpDown?: boolean;
}

/**
 * The outcome of one message. A 5xx refusal of the recipient (RCPT) is a hard bounce: the address
 * is suppressed for every later send. A failure before the message was handed over (connection,
 * login, 4xx) puts the recipient back in the queue, a few times. Anything else (a connection lost
 * after DATA) may have been delivered: it is marked failed and never retried.
 */
function smtpOutcome(r: Claimed, e: unknown, sentAt: Date): Outcome {
  const error = e as SmtpError;
  const code = error.responseCode ?? 0;
  if (code >= 500 && (error.command === 'RCPT TO' || error.rejected?.length)) return { id: r.id, state: 'bounced', error: error.message, sentAt };
  if ((code >= 400 && code < 500) || (!code && NOT_SENT.has(error.code ?? ''))) {
    const again = r.attempts < MAX_ATTEMPTS;
    return { id: r.id, state: again ? 'queued' : 'failed', error: error.message, retryAt: again ? new Date(Date.now() + 30_000 * r.attempts) : null, smtpDown: !code };
  }
  return { id: r.id, state: 'failed', error: `${error.code ?? code ?? ''} ${error.message}`.trim(), sentAt };
}

/**
 * Writes a batch's outcomes in one transaction: one set-based UPDATE of the recipients (only rows
 * still "sending" this worker claimed), the bounced addresses suppressed, and delivered people
 * made campaign members where they no longer were.
 */
async function recordOutcomes(deps: WorkerDeps, ctx: SendContext, batch: Claimed[], outcomes: Outcome[]) {
  if (!outcomes.length) return;
  const col = <T>(pick: (o: Outcome) => T) => sql.val(outcomes.map(pick));
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const byId = new Map(batch.map((r) => [r.id, r]));
  await deps.db.transaction().execute(async (trx) => {
    await sql`
      UPDATE marketing_send_recipients r SET state = u.state, error = u.error, skip_reason = coalesce(u.skip_reason, r.skip_reason),
        retry_at = u.retry_at, sent_at = coalesce(u.sent_at, r.sent_at), attempts = r.attempts - u.undo
      FROM unnest(${col((o) => o.id)}::uuid[], ${col((o) => o.state)}::text[], ${col((o) => o.error?.slice(0, 500) ?? null)}::text[],
        ${col((o) => o.skipReason ?? null)}::text[], ${col((o) => iso(o.retryAt))}::timestamptz[], ${col((o) => iso(o.state === 'delivered' ? o.sentAt : null))}::timestamptz[],
        ${col((o) => (o.unclaimed ? 1 : 0))}::int[]) AS u(id, state, error, skip_reason, retry_at, sent_at, undo)
      WHERE r.id = u.id AND r.state = 'sending'`.execute(trx);
    const bounced = outcomes.filter((o) => o.state === 'bounced');
    if (bounced.length) {
      await sql`INSERT INTO marketing_suppressions (email, reason, detail)
        SELECT lower(e), 'bounced', d FROM unnest(${sql.val(bounced.map((o) => byId.get(o.id)!.email))}::text[], ${sql.val(bounced.map((o) => o.error?.slice(0, 500) ?? null))}::text[]) AS b(e, d)
        ON CONFLICT (email) DO NOTHING`.execute(trx);
    }
    await markSent(trx, deps.engine, ctx.campaignId, outcomes.filter((o) => o.state === 'delivered').map((o) => byId.get(o.id)!));
  });
}

interface SendContext {
  sendId: string;
  template: MarketingTemplate;
  locale: MailLocale;
  campaignId: string | null;
  settings: SmtpSettings;
  transport: Transporter;
  base: string;
  secret: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One claimed batch: variables read together, each message rendered in memory in the recipient's
 * language and handed to the pooled transport at its throttle slot (the pool sends several at
 * once), then all outcomes written at once. `pace.last` is when the previous message was handed
 * over. On shutdown, recipients not yet handed over go back to the queue. Returns whether the SMTP
 * server could not be reached.
 */
async function deliverBatch(deps: WorkerDeps, ctx: SendContext, claim: NonNullable<Awaited<ReturnType<typeof claimBatch>>>, pace: { last: number }): Promise<boolean> {
  const batch = claim.recipients.filter((r) => !r.reason);
  const vars = await batchVars(deps.engine, batch, SYSTEM_CONTEXT);
  const pending: Promise<Outcome>[] = [];
  let slot = claim.first;
  for (const r of batch) {
    const v = vars.get(r.id);
    if (!v) {
      pending.push(Promise.resolve({ id: r.id, state: 'skipped', skipReason: 'no_email' }));
      continue;
    }
    // The slot, but never closer than one interval to the message before (a late start shifts the rest).
    const wait = Math.max(slot, pace.last + claim.intervalMs) - Date.now();
    if (wait > 0) await sleep(wait);
    slot += claim.intervalMs;
    if (deps.stopping()) {
      pending.push(Promise.resolve({ id: r.id, state: 'queued', unclaimed: true }));
      continue;
    }
    const mail = composeMail(ctx.template, r.locale ?? ctx.locale, v, { base: ctx.base, recipientId: r.id, secret: ctx.secret });
    const sentAt = new Date();
    pace.last = sentAt.getTime();
    pending.push(
      ctx.transport
        .sendMail({
          from: { name: ctx.settings.fromName, address: ctx.settings.fromAddress },
          to: r.email,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers: { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        })
        .then((): Outcome => ({ id: r.id, state: 'delivered', sentAt }), (e) => smtpOutcome(r, e, sentAt)),
    );
  }
  // A slow server can keep a batch longer than the lease: renew it meanwhile, so no other worker takes the send.
  const renew = setInterval(() => void renewLease(deps, ctx.sendId).catch(() => undefined), (leaseSeconds() * 1000) / 3);
  const outcomes = await Promise.all(pending).finally(() => clearInterval(renew));
  await recordOutcomes(deps, ctx, batch, outcomes);
  return outcomes.some((o) => o.smtpDown);
}

/**
 * Works on one send for a slice of time and returns when to continue (null: nothing left for
 * this worker: finished, cancelled, or another worker holds it). Recipients a dead worker left
 * in "sending" (at most one batch) may or may not have been delivered; they are marked failed,
 * never sent again (at most once: a duplicate marketing e-mail is worse than a missing one).
 */
export async function runSend(deps: WorkerDeps, sendId: string): Promise<Date | null> {
  const { db } = deps;
  let run = await takeLease(deps, sendId);
  if (!run) return null;
  await sql`UPDATE marketing_send_recipients SET state = 'failed', error = ${INTERRUPTED} WHERE send_id = ${sendId} AND state = 'sending'`.execute(db);
  const release = () => sql`UPDATE marketing_send_runs SET worker = NULL, lease_until = NULL WHERE send_id = ${sendId} AND worker = ${deps.workerId}`.execute(db);
  const settings = await loadSmtpSettings(db);
  const send = (await sql<{ template_id: string; campaign_id: string | null }>`SELECT template_id, campaign_id FROM marketing_sends WHERE id = ${sendId}`.execute(db)).rows[0];
  const template = send && (await sql<MarketingTemplate>`SELECT subject_zh, body_zh, subject_en, body_en FROM marketing_templates WHERE id = ${send.template_id}`.execute(db)).rows[0];
  if (!settings || !template) {
    await release();
    return new Date(Date.now() + 60_000);
  }
  const transport = await smtpTransport(settings, smtpConnections()).catch(() => null);
  if (!transport) {
    await release();
    return new Date(Date.now() + 60_000);
  }
  const ctx: SendContext = { sendId, template, locale: run.locale, campaignId: send.campaign_id, settings, transport, base: (settings.appUrl || publicUrlFrom() || '').replace(/\/+$/, ''), secret: await trackingSecret(db) };
  const sliceEnd = Date.now() + SLICE_MS;
  const pace = { last: 0 };
  try {
    for (;;) {
      if (deps.stopping()) return new Date();
      const wait = new Date(run.next_at).getTime() - Date.now();
      if (Date.now() + Math.max(wait, 0) > sliceEnd) return new Date(run.next_at);
      if (wait > 0) await sleep(wait);
      // As many as the throttle allows within about a second, so a claimed batch is handed over promptly.
      const limit = Math.min(deps.batch ?? batchSize(), Math.max(1, Math.floor(run.rate_per_minute / 60)));
      // The claim renews the lease and moves the throttle on; it fails once another worker took the send or it was cancelled.
      const claim = await claimBatch(deps, sendId, limit);
      if (!claim) return (await takeLease(deps, sendId)) ? await finishOrWait(deps, sendId) : null;
      if (await deliverBatch(deps, ctx, claim, pace)) return new Date(Date.now() + 60_000);
      run = { ...run, next_at: claim.next_at, rate_per_minute: claim.rate };
    }
  } finally {
    transport.close();
    await release();
  }
}

/** No recipient is due: the send completes when none is left to try, else continues at the next retry. */
async function finishOrWait(deps: WorkerDeps, sendId: string): Promise<Date | null> {
  const { rows } = await sql<{ retry_at: Date | null }>`SELECT min(retry_at) AS retry_at FROM marketing_send_recipients WHERE send_id = ${sendId} AND state = 'queued'`.execute(deps.db);
  if (rows[0]?.retry_at) return new Date(rows[0].retry_at);
  await deps.db.transaction().execute(async (trx) => {
    const done = await sql`UPDATE marketing_send_runs SET status = 'completed', finished_at = now() WHERE send_id = ${sendId} AND status = 'sending' RETURNING send_id`.execute(trx);
    if (done.rows.length) await setSendStatus(trx, deps.engine, sendId, ['sending'], 'completed', null);
  });
  return null;
}

/** Sends a dead or stopped worker left: running, nobody's lease, due. */
export async function dueSends(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ send_id: string }>`
    SELECT send_id FROM marketing_send_runs WHERE status = 'sending' AND (lease_until IS NULL OR lease_until < now()) AND next_at <= now() + interval '5 seconds'`.execute(db);
  return rows.map((r) => r.send_id);
}
