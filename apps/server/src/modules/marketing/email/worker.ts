import { sql, type Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';
import { loadSmtpSettings, smtpTransport, type SmtpSettings } from '../../notifications/email/smtp-settings.js';
import { publicUrlFrom } from '../../../config.js';
import { advanceMember } from './campaign-status.js';
import { composeMail, recipientVars, type MailLocale, type MarketingTemplate } from './compose.js';
import { skipReasonSql, suppress } from './consent.js';
import { setSendStatus } from './send-status.js';
import { trackingSecret } from './tracking.js';

export interface WorkerDeps {
  db: Kysely<Database>;
  engine: Engine;
  workerId: string;
  /** True once the app is shutting down: the worker leaves after the message in hand. */
  stopping: () => boolean;
}

/** How long one job works before it hands the send on (a new job), so one send never holds a worker for hours. */
const SLICE_MS = 20_000;
const MAX_ATTEMPTS = 3;
/** A worker's hold on a send; renewed with every message, so it must outlast one SMTP exchange. */
export const leaseSeconds = () => Math.max(5, Number(process.env.CRM_MARKETING_LEASE_S || 60));

/** Codes nodemailer gives before a message is handed over: nothing was delivered, so it may be tried again. */
const NOT_SENT = new Set(['ECONNECTION', 'EDNS', 'EAUTH', 'ETLS', 'EREFUSED_ADDRESS', 'ENOTCONFIGURED']);

interface Run {
  send_id: string;
  status: string;
  rate_per_minute: number;
  locale: MailLocale;
  next_at: Date;
}

interface Claimed {
  id: string;
  contact_id: string;
  email: string;
  attempts: number;
}

/** Takes (or renews) the send's lease; null when another live worker holds it or the send is not running. */
async function takeLease(deps: WorkerDeps, sendId: string): Promise<Run | null> {
  const { rows } = await sql<Run>`
    UPDATE marketing_send_runs SET worker = ${deps.workerId}, lease_until = now() + make_interval(secs => ${leaseSeconds()})
    WHERE send_id = ${sendId} AND status = 'sending' AND (worker IS NULL OR worker = ${deps.workerId} OR lease_until < now())
    RETURNING send_id, status, rate_per_minute, locale, next_at`.execute(deps.db);
  return rows[0] ?? null;
}

/**
 * One recipient, claimed in its own committed transaction before any SMTP: state "sending", the
 * throttle's next slot moved on, the lease renewed. Only the lease holder claims.
 */
async function claimNext(deps: WorkerDeps, sendId: string): Promise<(Claimed & { next_at: Date }) | null> {
  return deps.db.transaction().execute(async (trx) => {
    const { rows } = await sql<Claimed>`
      UPDATE marketing_send_recipients SET state = 'sending', attempts = attempts + 1, claimed_at = now()
      WHERE id = (SELECT id FROM marketing_send_recipients WHERE send_id = ${sendId} AND state = 'queued' AND (retry_at IS NULL OR retry_at <= now())
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, contact_id, email, attempts`.execute(trx);
    if (!rows.length) return null;
    const held = await sql<{ next_at: Date }>`
      UPDATE marketing_send_runs SET next_at = greatest(next_at, now()) + make_interval(secs => 60.0 / rate_per_minute::float8),
        lease_until = now() + make_interval(secs => ${leaseSeconds()})
      WHERE send_id = ${sendId} AND worker = ${deps.workerId} AND status = 'sending' RETURNING next_at`.execute(trx);
    if (!held.rows.length) throw new LeaseLost();
    return { ...rows[0], next_at: held.rows[0].next_at };
  }).catch((error) => {
    if (error instanceof LeaseLost) return null;
    throw error;
  });
}

class LeaseLost extends Error {}

const setRecipient = (db: Kysely<Database>, id: string, state: string, extra: { error?: string | null; skipReason?: string | null; retryAt?: Date | null; sent?: boolean } = {}) =>
  sql`UPDATE marketing_send_recipients SET state = ${state}, error = ${extra.error?.slice(0, 500) ?? null}, skip_reason = coalesce(${extra.skipReason ?? null}, skip_reason),
    retry_at = ${extra.retryAt ?? null}, sent_at = CASE WHEN ${extra.sent ?? false} THEN now() ELSE sent_at END WHERE id = ${id}`.execute(db);

type SmtpError = Error & { code?: string; responseCode?: number; command?: string; rejected?: string[] };

/**
 * Sends one claimed recipient and records the outcome. A 5xx refusal of the recipient (RCPT) is a
 * hard bounce: the address is suppressed for every later send. A failure before the message was
 * handed over (connection, login, 4xx) puts the recipient back in the queue, a few times. Anything
 * else (a connection lost after DATA) may have been delivered: it is marked failed and never retried.
 */
async function deliverOne(deps: WorkerDeps, ctx: SendContext, r: Claimed): Promise<'ok' | 'smtp_down'> {
  const { db, engine } = deps;
  const { rows } = await sql<{ reason: string | null }>`SELECT ${skipReasonSql('c')} AS reason FROM contacts c WHERE c.id = ${r.contact_id} AND c.deleted_at IS NULL`.execute(db);
  // Consent withdrawn, address bounced or unsubscribed since the send was queued.
  const reason = rows.length ? rows[0].reason : 'no_email';
  if (reason) {
    await setRecipient(db, r.id, 'skipped', { skipReason: reason });
    return 'ok';
  }
  const mail = composeMail(ctx.template, ctx.locale, await recipientVars(engine, r.contact_id, SYSTEM_CONTEXT), { base: ctx.base, recipientId: r.id, secret: ctx.secret });
  try {
    await ctx.transport.sendMail({
      from: { name: ctx.settings.fromName, address: ctx.settings.fromAddress },
      to: r.email,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  } catch (e) {
    const error = e as SmtpError;
    const code = error.responseCode ?? 0;
    if (code >= 500 && (error.command === 'RCPT TO' || error.rejected?.length)) {
      await db.transaction().execute(async (trx) => {
        await setRecipient(trx, r.id, 'bounced', { error: error.message });
        await suppress(trx, r.email, 'bounced', error.message);
      });
      return 'ok';
    }
    if ((code >= 400 && code < 500) || (!code && NOT_SENT.has(error.code ?? ''))) {
      const again = r.attempts < MAX_ATTEMPTS;
      await setRecipient(db, r.id, again ? 'queued' : 'failed', { error: error.message, retryAt: again ? new Date(Date.now() + 30_000 * r.attempts) : null });
      return code ? 'ok' : 'smtp_down';
    }
    await setRecipient(db, r.id, 'failed', { error: `${error.code ?? code ?? ''} ${error.message}`.trim() });
    return 'ok';
  }
  await db.transaction().execute(async (trx) => {
    await setRecipient(trx, r.id, 'delivered', { sent: true });
    await advanceMember(trx, engine, ctx.campaignId, r.contact_id, 'sent');
  });
  return 'ok';
}

interface SendContext {
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
 * Works on one send for a slice of time and returns when to continue (null: nothing left for
 * this worker: finished, cancelled, or another worker holds it). Recipients a dead worker left
 * in "sending" may or may not have been delivered; they are marked failed, never sent again
 * (at most once: a duplicate marketing e-mail is worse than a missing one).
 */
export async function runSend(deps: WorkerDeps, sendId: string): Promise<Date | null> {
  const { db, engine } = deps;
  let run = await takeLease(deps, sendId);
  if (!run) return null;
  await sql`UPDATE marketing_send_recipients SET state = 'failed', error = 'interrupted during SMTP: may or may not have arrived, not sent again'
    WHERE send_id = ${sendId} AND state = 'sending'`.execute(db);
  const release = () => sql`UPDATE marketing_send_runs SET worker = NULL, lease_until = NULL WHERE send_id = ${sendId} AND worker = ${deps.workerId}`.execute(db);
  const settings = await loadSmtpSettings(db);
  const send = (await sql<{ template_id: string; campaign_id: string | null }>`SELECT template_id, campaign_id FROM marketing_sends WHERE id = ${sendId}`.execute(db)).rows[0];
  const template = send && (await sql<MarketingTemplate>`SELECT subject_zh, body_zh, subject_en, body_en FROM marketing_templates WHERE id = ${send.template_id}`.execute(db)).rows[0];
  if (!settings || !template) {
    await release();
    return new Date(Date.now() + 60_000);
  }
  const transport = await smtpTransport(settings, true).catch(() => null);
  if (!transport) {
    await release();
    return new Date(Date.now() + 60_000);
  }
  const ctx: SendContext = { template, locale: run.locale, campaignId: send.campaign_id, settings, transport, base: (settings.appUrl || publicUrlFrom() || '').replace(/\/+$/, ''), secret: await trackingSecret(db) };
  const sliceEnd = Date.now() + SLICE_MS;
  try {
    for (;;) {
      if (deps.stopping()) return new Date();
      const wait = new Date(run.next_at).getTime() - Date.now();
      if (Date.now() + Math.max(wait, 0) > sliceEnd) return new Date(run.next_at);
      if (wait > 0) await sleep(wait);
      // The claim renews the lease and moves the throttle on; it fails once another worker took the send or it was cancelled.
      const recipient = await claimNext(deps, sendId);
      if (!recipient) return (await takeLease(deps, sendId)) ? await finishOrWait(deps, sendId) : null;
      if ((await deliverOne(deps, ctx, recipient)) === 'smtp_down') return new Date(Date.now() + 60_000);
      run = { ...run, next_at: recipient.next_at };
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
