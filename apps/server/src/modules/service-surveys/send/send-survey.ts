import { filterSchema } from '@crm/schema';
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { requireScope, type AccessContext } from '../../../engine/permissions/access.js';
import { ApiError, badRequest, parseInput } from '../../../http/errors.js';
import { queueDeliveries } from '../../notifications/email/send-template-email.js';
import { absoluteLink, loadSmtpSettings } from '../../notifications/email/smtp-settings.js';
import { announce } from '../../notifications/live/channel.js';
import { invitationPath, signInvitation } from '../answer/signed-link.js';
import { SURVEY_TEXTS } from '../locales/survey-texts.js';
import { loadSurvey } from '../surveys/survey-store.js';
import { recordSurveyEvent } from '../surveys/survey-events.js';

/** Most contacts one send reaches: a larger list is narrowed first. */
export const MAX_RECIPIENTS = 20_000;

export const sendInput = z
  .object({
    /** The contacts list filter (as `?filter=` of /o/contacts), a marketing segment of contacts, a search. */
    filter: filterSchema.optional(),
    segment: z.uuid().optional(),
    q: z.string().max(200).optional(),
    /** Mail again those already invited (same link: their answer stays editable). */
    resend: z.boolean().default(false),
  })
  .strict();

/**
 * Invites the contacts the sender may read that match the filter/segment and have an address: one
 * invitation row and one queued mail (sent by the pg-boss delivery job after commit) per contact,
 * each with its own signed link. Those invited before are skipped unless `resend`.
 */
export async function sendSurvey(db: Kysely<Database>, engine: Engine, ctx: AccessContext, surveyId: string, body: unknown) {
  const input = parseInput(sendInput, body);
  requireScope(ctx, 'contacts', 'read');
  const settings = await loadSmtpSettings(db);
  if (!settings) throw new ApiError('conflict', 'set up outgoing e-mail (SMTP) first', [{ path: 'smtp', message: 'not configured' }]);
  const meta = await engine.records.object('contacts');
  const extra: RawBuilder<SqlBool>[] = [];
  if (input.segment) {
    const segment = engine.records.listFilters.get('segment');
    if (!segment) throw badRequest('segments are not available', [{ path: 'segment', message: 'no marketing module' }]);
    extra.push(await segment({ meta, value: input.segment, ctx, db }));
  }
  const where = engine.records.whereClause(meta, { filter: input.filter, q: input.q, extra }, ctx);
  const queued = await db.transaction().execute(async (trx) => {
    const survey = await loadSurvey(trx, surveyId, true);
    if (survey.status !== 'open') throw new ApiError('conflict', 'only an open survey can be sent', [{ path: 'status', message: survey.status }]);
    const { rows: counted } = await sql<{ n: string }>`SELECT count(*) AS n FROM contacts t WHERE ${where} AND coalesce(t.email, '') <> ''`.execute(trx);
    if (Number(counted[0]?.n) > MAX_RECIPIENTS) throw badRequest(`more than ${MAX_RECIPIENTS} contacts match; narrow the filter`, [{ path: 'filter', message: 'matches too many contacts' }]);
    const { rows } = await sql<{ contact_id: string; email: string; name: string; sent_at: Date }>`
      WITH picked AS (
        SELECT t.id, t.email, t.name FROM contacts t WHERE ${where} AND coalesce(t.email, '') <> ''
          ${input.resend ? sql`` : sql`AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.survey_id = ${surveyId} AND i.contact_id = t.id)`}
      ), sent AS (
        INSERT INTO survey_invitations (survey_id, contact_id, email, sent_by)
        SELECT ${surveyId}, p.id, p.email, ${ctx.userId} FROM picked p
        ON CONFLICT (survey_id, contact_id) DO UPDATE SET email = excluded.email, sent_by = excluded.sent_by, sent_at = now()
        RETURNING contact_id, email, sent_at
      )
      SELECT sent.contact_id, sent.email, sent.sent_at, p.name FROM sent JOIN picked p ON p.id = sent.contact_id`.execute(trx);
    const zh = SURVEY_TEXTS.zh;
    const en = SURVEY_TEXTS.en;
    const mails = await Promise.all(
      rows.map(async (r) => {
        const link = absoluteLink(invitationPath(surveyId, r.contact_id, await signInvitation(trx, surveyId, r.contact_id)), settings.appUrl);
        return {
          channel: 'email' as const,
          userId: null,
          notificationId: null,
          payload: {
            to: r.email,
            toName: r.name,
            subject: `${zh.mailSubject(survey.title_zh)} / ${en.mailSubject(survey.title_en)}`,
            text: `${zh.mailBody(r.name, survey.title_zh)}\n${link}&lang=zh\n\n${en.mailBody(r.name, survey.title_en)}\n${link}&lang=en\n`,
          },
          dedupeKey: `survey:${surveyId}:${r.contact_id}:${new Date(r.sent_at).getTime()}`,
        };
      }),
    );
    await queueDeliveries(trx, mails);
    await recordSurveyEvent(trx, { object: 'surveys', recordId: surveyId, action: 'send', topic: 'survey.sent', actorId: ctx.userId, changes: { sent: { from: null, to: rows.length } } });
    return rows.length;
  });
  if (queued) await announce(db, [{ type: 'deliveries' }]);
  return { queued };
}
