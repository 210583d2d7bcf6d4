import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { ApiError, notFound } from '../../../http/errors.js';
import { readAnswers, type Answer } from '../surveys/questions.js';
import { recordSurveyEvent } from '../surveys/survey-events.js';
import { loadSurvey } from '../surveys/survey-store.js';

/** The survey as its invitee sees it, with their earlier answers (to edit). 404 for a deleted contact. */
export async function loadForContact(db: Kysely<Database>, surveyId: string, contactId: string) {
  const survey = await loadSurvey(db, surveyId);
  const contact = await sql<{ name: string }>`SELECT name FROM contacts WHERE id = ${contactId} AND deleted_at IS NULL`.execute(db);
  if (!contact.rows[0]) throw notFound('contact');
  const { rows } = await sql<{ question_id: string; number_value: number | null; choice_values: string[] | null; text_value: string | null }>`
    SELECT a.question_id, a.number_value, a.choice_values, a.text_value FROM survey_answers a
    JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = ${surveyId} AND r.contact_id = ${contactId}`.execute(db);
  const previous = new Map<string, Answer>(rows.map((r) => [r.question_id, { questionId: r.question_id, number: r.number_value, choices: r.choice_values, text: r.text_value }]));
  return { survey, contactName: contact.rows[0].name, previous, answered: rows.length > 0 };
}

/**
 * Stores a contact's answers: one response per contact and survey, so answering again replaces the
 * answers (the response keeps its first date). Only an open survey takes answers; bad answers are a
 * 400 naming each question, nothing written. Audited with an outbox event in one transaction.
 */
export async function storeResponse(db: Kysely<Database>, surveyId: string, contactId: string, raw: Record<string, unknown>) {
  return db.transaction().execute(async (trx) => {
    const survey = await loadSurvey(trx, surveyId);
    if (survey.status !== 'open') throw new ApiError('conflict', 'this survey is not open', [{ path: 'status', message: survey.status }]);
    const contact = await sql<{ id: string }>`SELECT id FROM contacts WHERE id = ${contactId} AND deleted_at IS NULL`.execute(trx);
    if (!contact.rows[0]) throw notFound('contact');
    const { answers, errors } = readAnswers(survey.questions, raw);
    if (errors.length) throw new ApiError('bad_request', `invalid answers: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
    const { rows } = await sql<{ id: string; inserted: boolean }>`
      INSERT INTO survey_responses (survey_id, contact_id) VALUES (${surveyId}, ${contactId})
      ON CONFLICT (survey_id, contact_id) DO UPDATE SET updated_at = now()
      RETURNING id, (xmax = 0) AS inserted`.execute(trx);
    const response = rows[0];
    await trx.deleteFrom('survey_answers').where('response_id', '=', response.id).execute();
    if (answers.length) {
      await trx
        .insertInto('survey_answers')
        .values(answers.map((a) => ({ response_id: response.id, survey_id: surveyId, question_id: a.questionId, number_value: a.number, choice_values: a.choices, text_value: a.text })))
        .execute();
    }
    const summary = Object.fromEntries(answers.map((a) => [a.questionId, a.number ?? a.choices?.join(',') ?? (a.text ? 'text' : null)]));
    await recordSurveyEvent(trx, {
      object: 'survey_responses',
      recordId: response.id,
      action: response.inserted ? 'create' : 'update',
      topic: response.inserted ? 'survey.responded' : 'survey.response_updated',
      actorId: null,
      changes: { answers: { from: null, to: JSON.stringify(summary).slice(0, 500) } },
      payload: { surveyId, contactId, answers: summary },
    });
    return { responseId: response.id, created: Boolean(response.inserted), answers: answers.length };
  });
}
