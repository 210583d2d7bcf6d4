import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Question } from './surveys/questions.js';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Tables of general surveys (merged into db/types.ts Database). */
export interface SurveyTables {
  surveys: {
    id: Generated<string>;
    title_zh: string;
    title_en: string;
    intro_zh: string | null;
    intro_en: string | null;
    status: Generated<'draft' | 'open' | 'closed'>;
    questions: JSONColumnType<Question[], string, string>;
    created_by: string | null;
    created_at: Stamp;
    updated_at: Stamp;
  };
  survey_invitations: { survey_id: string; contact_id: string; email: string; sent_by: string | null; sent_at: Stamp };
  survey_responses: { id: Generated<string>; survey_id: string; contact_id: string; created_at: Stamp; updated_at: Stamp };
  survey_answers: { response_id: string; survey_id: string; question_id: string; number_value: number | null; choice_values: string[] | null; text_value: string | null };
}
