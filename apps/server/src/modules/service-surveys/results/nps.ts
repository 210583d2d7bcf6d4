import type { NpsFigure } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** % promoters (9–10) − % detractors (0–6), −100…100 (null without answers), with the counts. */
export type Nps = NpsFigure;

export function npsOf(promoters: number, passives: number, detractors: number): Nps {
  const count = promoters + passives + detractors;
  return { count, promoters, passives, detractors, score: count ? Math.round(((promoters - detractors) / count) * 1000) / 10 : null };
}

/** SQL columns counting an answer column's promoters, passives and detractors. */
export const npsColumns = (value = sql.ref('a.number_value')) => sql`
  count(*) FILTER (WHERE ${value} >= 9) AS promoters,
  count(*) FILTER (WHERE ${value} BETWEEN 7 AND 8) AS passives,
  count(*) FILTER (WHERE ${value} <= 6) AS detractors`;

export const npsFromRow = (r: { promoters: unknown; passives: unknown; detractors: unknown } | undefined) => npsOf(Number(r?.promoters ?? 0), Number(r?.passives ?? 0), Number(r?.detractors ?? 0));

/** NPS over every survey's NPS questions answered (first) in [start, end): the service dashboard's figure. */
export async function npsBetween(db: Kysely<Database>, start: Date, end: Date): Promise<Nps> {
  const { rows } = await sql<{ promoters: string; passives: string; detractors: string }>`
    SELECT ${npsColumns()} FROM survey_answers a
    JOIN survey_responses r ON r.id = a.response_id
    JOIN surveys s ON s.id = a.survey_id
    WHERE r.created_at >= ${start} AND r.created_at < ${end} AND a.number_value IS NOT NULL
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(s.questions) q WHERE q ->> 'id' = a.question_id AND q ->> 'type' = 'nps')`.execute(db);
  return npsFromRow(rows[0]);
}
