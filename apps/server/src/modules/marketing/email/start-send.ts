import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { requireScope, scopeCondition, type AccessContext } from '../../../engine/permissions/access.js';
import { ApiError, badRequest } from '../../../http/errors.js';
import { loadSmtpSettings } from '../../notifications/email/smtp-settings.js';
import { loadSegment, segmentCondition } from '../segments/segment-service.js';
import { skipReasonSql } from './consent.js';
import { RECIPIENT_OBJECTS, type RecipientObject } from './objects.js';
import { setSendStatus } from './send-status.js';

export interface SendRow {
  id: string;
  name: string;
  template_id: string;
  segment_id: string | null;
  campaign_id: string | null;
  locale: 'zh' | 'en';
  rate_per_minute: number;
  status: string | null;
}

/** A send the user may change (404 when they may not even read it, 403 when only that). */
export async function sendForUpdate(db: Kysely<Database>, engine: Engine, id: string, ctx: AccessContext): Promise<SendRow> {
  const send = (await engine.records.get('marketing_sends', id, ctx)) as unknown as SendRow;
  requireScope(ctx, 'marketing_sends', 'update');
  const { rows } = await sql`SELECT 1 FROM marketing_sends t WHERE t.id = ${id} AND ${scopeCondition(ctx, 'marketing_sends', 'update')}`.execute(db);
  if (!rows.length) throw new ApiError('forbidden', 'you may not change this send', [{ path: 'id', message: 'not yours to change' }]);
  return send;
}

/** Each object's part of the audience as a condition over its rows `t`, as ctx may read them. */
type Audience = { object: RecipientObject; condition: RawBuilder<SqlBool> }[];

/** The audience: a segment of contacts or of leads, or a campaign's members (contacts and leads). */
async function audienceOf(engine: Engine, send: SendRow, ctx: AccessContext): Promise<Audience> {
  if (send.segment_id) {
    const segment = await loadSegment(engine, send.segment_id, ctx).catch(() => {
      throw badRequest('segment_id: no segment you may read', [{ path: 'segment_id', message: 'no such segment' }]);
    });
    const object = RECIPIENT_OBJECTS.find((o) => o === segment.object);
    if (!object) throw badRequest(`segment_id: a send goes to contacts or leads, this segment selects ${segment.object}`, [{ path: 'segment_id', message: 'not a segment of contacts or leads' }]);
    return [{ object, condition: await segmentCondition(engine, segment, ctx) }];
  }
  if (send.campaign_id) {
    await engine.records.get('campaigns', send.campaign_id, ctx).catch(() => {
      throw badRequest('campaign_id: no campaign you may read', [{ path: 'campaign_id', message: 'no such campaign' }]);
    });
    const members = (column: string) =>
      sql<SqlBool>`t.id IN (SELECT ${sql.ref(`m.${column}`)} FROM campaign_members m WHERE m.campaign_id = ${send.campaign_id} AND m.deleted_at IS NULL AND ${scopeCondition(ctx, 'campaign_members', 'read', 'm')})`;
    return [
      { object: 'contacts', condition: members('contact_id') },
      { object: 'leads', condition: members('lead_id') },
    ];
  }
  throw badRequest('choose a segment or a campaign as the audience', [{ path: 'segment_id', message: 'segment_id or campaign_id is required' }]);
}

/**
 * Starts a draft send: every contact and lead of the audience the user may read gets one recipient
 * row (unique per send and person), queued, or skipped with its reason (no consent, opted out, no
 * e-mail, bounced, unsubscribed, a second person with the same address: a contact wins over a
 * lead). Each row keeps its language: the person's own, else the send's. Then the send is
 * "sending" and its run row tells the worker the rate. All in one transaction.
 */
export async function startSend(db: Kysely<Database>, engine: Engine, id: string, ctx: AccessContext) {
  const send = await sendForUpdate(db, engine, id, ctx);
  if ((send.status ?? 'draft') !== 'draft') throw new ApiError('conflict', `this send is ${send.status}, only a draft can start`, [{ path: 'status', message: `is ${send.status}` }]);
  await engine.records.get('marketing_templates', send.template_id, ctx).catch(() => {
    throw badRequest('template_id: no template you may read', [{ path: 'template_id', message: 'no such template' }]);
  });
  if (!(await loadSmtpSettings(db))) throw badRequest('set up the outgoing mail server (SMTP) first', [{ path: 'smtp', message: 'not configured' }]);
  const audience = await audienceOf(engine, send, ctx);
  // A reader without access to leads (or contacts) reaches none of them: their scope is false.
  const parts = audience.map(({ object, condition }) => {
    const where = engine.records.whereClause(engine.metadata.get(object), { extra: [condition] }, ctx);
    const [contactId, leadId] = object === 'contacts' ? [sql`t.id`, sql`NULL::uuid`] : [sql`NULL::uuid`, sql`t.id`];
    return sql`SELECT ${contactId} AS contact_id, ${leadId} AS lead_id, lower(t.email) AS email, ${skipReasonSql('t')} AS reason,
      coalesce(t.language, ${send.locale}) AS locale, t.created_at FROM ${sql.table(object)} t WHERE ${where}`;
  });
  await db.transaction().execute(async (trx) => {
    if (!(await setSendStatus(trx, engine, id, ['draft'], 'sending', ctx.userId))) throw new ApiError('conflict', 'this send has started already', [{ path: 'status', message: 'not a draft' }]);
    await sql`
      INSERT INTO marketing_send_recipients (send_id, contact_id, lead_id, email, locale, state, skip_reason)
      SELECT ${id}, a.contact_id, a.lead_id, a.email, a.locale, CASE WHEN a.reason IS NULL AND a.n = 1 THEN 'queued' ELSE 'skipped' END,
        coalesce(a.reason, CASE WHEN a.n > 1 THEN 'duplicate' END)
      FROM (
        SELECT u.*, row_number() OVER (PARTITION BY coalesce(u.email, coalesce(u.contact_id, u.lead_id)::text)
          ORDER BY u.reason IS NOT NULL, u.lead_id IS NOT NULL, u.created_at, coalesce(u.contact_id, u.lead_id)) AS n
        FROM (${sql.join(parts, sql` UNION ALL `)}) u
      ) a
      ON CONFLICT DO NOTHING`.execute(trx);
    await sql`INSERT INTO marketing_send_runs (send_id, status, rate_per_minute, locale) VALUES (${id}, 'sending', ${send.rate_per_minute}, ${send.locale})
      ON CONFLICT (send_id) DO UPDATE SET status = 'sending'`.execute(trx);
  });
}

/** Stops a send: queued recipients stay unsent (state "cancelled"); one mid-SMTP finishes. */
export async function cancelSend(db: Kysely<Database>, engine: Engine, id: string, ctx: AccessContext) {
  await sendForUpdate(db, engine, id, ctx);
  await db.transaction().execute(async (trx) => {
    if (!(await setSendStatus(trx, engine, id, ['draft', 'sending'], 'cancelled', ctx.userId))) throw new ApiError('conflict', 'this send has finished already', [{ path: 'status', message: 'not running' }]);
    await sql`UPDATE marketing_send_runs SET status = 'cancelled', finished_at = now() WHERE send_id = ${id}`.execute(trx);
    await sql`UPDATE marketing_send_recipients SET state = 'cancelled' WHERE send_id = ${id} AND state = 'queued'`.execute(trx);
  });
}

/** Checks a send as it is written: one audience, and nothing but the rate changes once it started. */
export function registerSendChecks(engine: Engine) {
  engine.hooks.on('marketing_sends', 'beforeCreate', ({ values }) => {
    values.status = 'draft';
    if (!values.segment_id === !values.campaign_id) throw badRequest('choose either a segment or a campaign as the audience', [{ path: values.segment_id ? 'campaign_id' : 'segment_id', message: 'give segment_id or campaign_id, not both' }]);
  });
  engine.hooks.on('marketing_sends', 'beforeUpdate', ({ values, previous }) => {
    const merged = { ...previous, ...values };
    if (!merged.segment_id === !merged.campaign_id) throw badRequest('choose either a segment or a campaign as the audience', [{ path: 'segment_id', message: 'give segment_id or campaign_id, not both' }]);
    if ((previous?.status ?? 'draft') === 'draft') return;
    const fixed = ['template_id', 'segment_id', 'campaign_id', 'locale'].find((f) => values[f] !== undefined && values[f] !== previous?.[f]);
    if (fixed) throw badRequest(`${fixed} cannot change once the send started`, [{ path: fixed, message: 'the send has started' }]);
  });
  // A new rate applies to the running send from its next message.
  engine.hooks.on('marketing_sends', 'afterUpdate', async ({ values, trx, record }) => {
    if (values.rate_per_minute !== undefined) await sql`UPDATE marketing_send_runs SET rate_per_minute = ${values.rate_per_minute as number} WHERE send_id = ${record!.id as string}`.execute(trx);
  });
}
