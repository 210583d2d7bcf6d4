import type { ObjectMetadata, TimelineEntry } from '@crm/schema';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { scopeCondition, scopeFor, type AccessContext } from '../../../engine/permissions/access.js';

const SHOWN = 20;
const readsSurveys = (ctx: AccessContext) => ctx.permissions.admin || scopeFor(ctx, 'surveys', 'read') !== 'none';

/** The contacts a record stands for: the contact itself, or a customer's contacts the reader may read. */
function contactsOf(meta: ObjectMetadata, id: string, ctx: AccessContext): RawBuilder<unknown> | null {
  if (meta.name === 'contacts') return sql`r.contact_id = ${id}`;
  if (meta.name === 'customers') return sql`r.contact_id IN (SELECT t.id FROM contacts t WHERE t.customer_id = ${id} AND t.deleted_at IS NULL AND ${scopeCondition(ctx, 'contacts', 'read')})`;
  return null;
}

/**
 * Survey answers on the 360° timeline of a contact and of its customer, for readers of surveys: the
 * survey's title in the reader's language, the NPS and rating given, and the text answers; the entry
 * opens the survey's results.
 */
export function surveyTimeline(db: Kysely<Database>) {
  return async (meta: ObjectMetadata, id: string, ctx: AccessContext): Promise<TimelineEntry[]> => {
    const whose = contactsOf(meta, id, ctx);
    if (!whose || !readsSurveys(ctx)) return [];
    const { rows } = await sql<{ survey_id: string; title_zh: string; title_en: string; contact_name: string | null; at: Date; questions: { id: string; type: string }[]; answers: Record<string, unknown> | null }>`
      SELECT r.survey_id, s.title_zh, s.title_en, c.name AS contact_name, r.updated_at AS at, s.questions,
        (SELECT jsonb_object_agg(a.question_id, coalesce(to_jsonb(a.number_value), to_jsonb(a.choice_values), to_jsonb(a.text_value))) FROM survey_answers a WHERE a.response_id = r.id) AS answers
      FROM survey_responses r JOIN surveys s ON s.id = r.survey_id LEFT JOIN contacts c ON c.id = r.contact_id
      WHERE ${whose} ORDER BY r.updated_at DESC LIMIT ${SHOWN}`.execute(db);
    const en = ctx.locale === 'en';
    return rows.map((r) => {
      const answers = r.answers ?? {};
      const value = (type: string) => r.questions.filter((q) => q.type === type).map((q) => answers[q.id]).find((v) => typeof v === 'number');
      const scores = [value('nps') !== undefined && `NPS ${value('nps')}`, value('rating') !== undefined && `${en ? 'Rating' : '评分'} ${value('rating')}/5`].filter(Boolean).join(' · ');
      const texts = r.questions.filter((q) => q.type === 'text').map((q) => answers[q.id]).filter((v): v is string => typeof v === 'string' && !!v.trim());
      const who = meta.name === 'customers' && r.contact_name ? `${r.contact_name} ` : '';
      return {
        kind: 'extension',
        source: 'survey',
        at: new Date(r.at).toISOString(),
        actorId: null,
        title: `${who}${en ? 'answered the survey' : '回答了调查'}${en ? ': ' : '：'}${en ? r.title_en : r.title_zh}${scores ? ` (${scores})` : ''}`,
        detail: texts.join(' / ').slice(0, 500) || undefined,
        status: 'info',
        action: 'survey_response',
        link: `/service/surveys/${r.survey_id}`,
      } satisfies TimelineEntry;
    });
  };
}

/** Survey counts of one contact (invited, answered, the latest answer) for its detail page; 404 when the contact is not readable. */
export async function contactSurveySummary(db: Kysely<Database>, engine: Engine, ctx: AccessContext, contactId: string) {
  await engine.records.get('contacts', contactId, ctx);
  const { rows } = await sql<{ invited: string; answered: string; last_at: Date | null }>`
    SELECT (SELECT count(*) FROM survey_invitations WHERE contact_id = ${contactId}) AS invited,
      (SELECT count(*) FROM survey_responses WHERE contact_id = ${contactId}) AS answered,
      (SELECT max(updated_at) FROM survey_responses WHERE contact_id = ${contactId}) AS last_at`.execute(db);
  const r = rows[0];
  return { invited: Number(r?.invited ?? 0), answered: Number(r?.answered ?? 0), lastAnsweredAt: r?.last_at ? new Date(r.last_at).toISOString() : null };
}
