import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { scopeCondition, type AccessContext } from '../../../engine/permissions/access.js';
import type { Question } from '../surveys/questions.js';
import { loadSurvey, shapeSurvey } from '../surveys/survey-store.js';
import { npsColumns, npsFromRow, type Nps } from './nps.js';

export interface QuestionResult {
  questionId: string;
  type: Question['type'];
  count: number;
  average: number | null;
  /** Answers per value: '1'…'5', '0'…'10', or option value. */
  distribution: Record<string, number>;
  nps: Nps | null;
}

const round = (v: unknown, digits = 2) => (v === null || v === undefined ? null : Math.round(Number(v) * 10 ** digits) / 10 ** digits);

/**
 * A survey's results, set-based in SQL: per question the count, distribution and average (NPS
 * questions also promoters − detractors); per ISO week (in the desk's time zone) the responses, the
 * NPS and the average rating of the survey's first NPS and rating questions.
 */
export async function surveyResults(db: Kysely<Database>, id: string, timeZone: string) {
  const survey = await loadSurvey(db, id);
  const questions = survey.questions;
  const { rows: values } = await sql<{ question_id: string; value: string; n: string }>`
    SELECT a.question_id, v AS value, count(*) AS n FROM survey_answers a
    CROSS JOIN LATERAL unnest(coalesce(a.choice_values, ARRAY[a.number_value::text])) v
    WHERE a.survey_id = ${id} AND v IS NOT NULL GROUP BY 1, 2`.execute(db);
  const { rows: stats } = await sql<{ question_id: string; n: string; avg: string | null; promoters: string; passives: string; detractors: string }>`
    SELECT a.question_id, count(*) AS n, avg(a.number_value) AS avg, ${npsColumns()}
    FROM survey_answers a WHERE a.survey_id = ${id} GROUP BY 1`.execute(db);
  const perQuestion: QuestionResult[] = questions.map((q) => {
    const s = stats.find((r) => r.question_id === q.id);
    const keys = q.type === 'rating' ? ['1', '2', '3', '4', '5'] : q.type === 'nps' ? Array.from({ length: 11 }, (_, i) => String(i)) : (q.options ?? []).map((o) => o.value);
    const distribution = Object.fromEntries(keys.map((k) => [k, Number(values.find((v) => v.question_id === q.id && v.value === k)?.n ?? 0)]));
    return {
      questionId: q.id,
      type: q.type,
      count: Number(s?.n ?? 0),
      average: q.type === 'rating' || q.type === 'nps' ? round(s?.avg) : null,
      distribution,
      nps: q.type === 'nps' ? npsFromRow(s) : null,
    };
  });
  const npsQ = questions.find((q) => q.type === 'nps')?.id ?? null;
  const ratingQ = questions.find((q) => q.type === 'rating')?.id ?? null;
  const week = sql`to_char(date_trunc('week', r.created_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`;
  const { rows: weeks } = await sql<{ week: string; responses: string; promoters: string; passives: string; detractors: string; rating: string | null }>`
    SELECT ${week} AS week, count(DISTINCT r.id) AS responses, ${npsColumns(sql.ref('np.number_value'))}, avg(ra.number_value) AS rating
    FROM survey_responses r
    LEFT JOIN survey_answers np ON np.response_id = r.id AND np.question_id = ${npsQ}
    LEFT JOIN survey_answers ra ON ra.response_id = r.id AND ra.question_id = ${ratingQ}
    WHERE r.survey_id = ${id} GROUP BY 1 ORDER BY 1`.execute(db);
  const { rows: totals } = await sql<{ responses: string; invited: string }>`
    SELECT (SELECT count(*) FROM survey_responses WHERE survey_id = ${id}) AS responses, (SELECT count(*) FROM survey_invitations WHERE survey_id = ${id}) AS invited`.execute(db);
  return {
    survey: shapeSurvey(survey),
    responses: Number(totals[0]?.responses ?? 0),
    invited: Number(totals[0]?.invited ?? 0),
    questions: perQuestion,
    trend: weeks.map((w) => ({ week: w.week, responses: Number(w.responses), nps: npsQ ? npsFromRow(w) : null, rating: round(w.rating) })),
  };
}

/** Responses, newest first, each with its contact (name only when the reader may read that contact) and answers. */
export async function surveyResponses(db: Kysely<Database>, ctx: AccessContext, id: string, page: { limit: number; offset: number }) {
  await loadSurvey(db, id);
  const { rows } = await sql<{ id: string; contact_id: string; contact_name: string | null; created_at: Date; updated_at: Date; answers: Record<string, unknown> | null; total: string }>`
    SELECT r.id, r.contact_id, t.name AS contact_name, r.created_at, r.updated_at, count(*) OVER () AS total,
      (SELECT jsonb_object_agg(a.question_id, coalesce(to_jsonb(a.number_value), to_jsonb(a.choice_values), to_jsonb(a.text_value))) FROM survey_answers a WHERE a.response_id = r.id) AS answers
    FROM survey_responses r
    LEFT JOIN contacts t ON t.id = r.contact_id AND t.deleted_at IS NULL AND ${scopeCondition(ctx, 'contacts', 'read')}
    WHERE r.survey_id = ${id} ORDER BY r.updated_at DESC, r.id LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return {
    total: Number(rows[0]?.total ?? 0),
    data: rows.map((r) => ({ id: r.id, contactId: r.contact_name === null ? null : r.contact_id, contactName: r.contact_name, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(), answers: r.answers ?? {} })),
  };
}
