import type { FieldChanges } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/**
 * The audit entry and outbox event of one survey write, in the writer's transaction. Surveys are no
 * engine records, so the topics are their own (`survey.created`, `survey.sent`, `survey.responded`, …).
 */
export async function recordSurveyEvent(
  trx: Kysely<Database>,
  e: { object: 'surveys' | 'survey_responses'; recordId: string; action: string; topic: string; actorId: string | null; changes: FieldChanges; payload?: Record<string, unknown> },
) {
  await trx.insertInto('audit_log').values({ object: e.object, record_id: e.recordId, action: e.action, actor_id: e.actorId, changes: JSON.stringify(e.changes) }).execute();
  await trx
    .insertInto('outbox')
    .values({ topic: e.topic, object: e.object, record_id: e.recordId, payload: JSON.stringify({ actorId: e.actorId, changes: e.changes, record: e.payload ?? {} }) })
    .execute();
}
