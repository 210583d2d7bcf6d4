import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../../db/types.js';
import { ApiError, notFound, parseInput } from '../../../http/errors.js';
import type { SurveyTables } from '../tables.js';
import { surveyInput, type SurveyInput } from './questions.js';
import { recordSurveyEvent } from './survey-events.js';

type Row = Selectable<SurveyTables['surveys']>;

export const shapeSurvey = (r: Row, counts?: { invited: number; responses: number }) => ({
  id: r.id,
  title: { zh: r.title_zh, en: r.title_en },
  intro: { zh: r.intro_zh ?? '', en: r.intro_en ?? '' },
  status: r.status,
  questions: r.questions,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
  ...(counts ?? {}),
});
export type SurveyView = ReturnType<typeof shapeSurvey>;

const columns = (i: SurveyInput) => ({
  title_zh: i.title.zh,
  title_en: i.title.en,
  intro_zh: i.intro?.zh || null,
  intro_en: i.intro?.en || null,
  status: i.status,
  questions: JSON.stringify(i.questions),
});

/** What an audit line shows of a survey (the questions as a count: they do not fit on a line). */
const auditView = (r: Row | null) => (r ? { title: r.title_zh, status: r.status, questions: r.questions.length } : {});
/** JSON with sorted keys: jsonb stores objects in its own key order. */
const stable = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(stable).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v ?? null);
const sameQuestions = (a: unknown, b: unknown) => stable(a) === stable(b);
const diff = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  Object.fromEntries([...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => [k, { from: before[k] ?? null, to: after[k] ?? null }]));

export async function listSurveys(db: Kysely<Database>) {
  const { rows } = await sql<Row & { invited: string; responses: string }>`
    SELECT s.*, (SELECT count(*) FROM survey_invitations i WHERE i.survey_id = s.id) AS invited,
      (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id) AS responses
    FROM surveys s ORDER BY s.created_at DESC`.execute(db);
  return rows.map((r) => shapeSurvey(r, { invited: Number(r.invited), responses: Number(r.responses) }));
}

export async function loadSurvey(db: Kysely<Database>, id: string, lock = false): Promise<Row> {
  let q = db.selectFrom('surveys').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound(`survey ${id}`);
  return row;
}

export async function createSurvey(db: Kysely<Database>, actorId: string | null, body: unknown) {
  const input = parseInput(surveyInput, body);
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('surveys').values({ ...columns(input), created_by: actorId }).returningAll().executeTakeFirstOrThrow();
    await recordSurveyEvent(trx, { object: 'surveys', recordId: row.id, action: 'create', topic: 'survey.created', actorId, changes: diff({}, auditView(row)) });
    return shapeSurvey(row);
  });
}

/**
 * Edits a survey. Its questions are fixed once it has been opened (answers refer to them): then
 * only titles, intro and status change, and other questions are a 409 naming `questions`.
 */
export async function updateSurvey(db: Kysely<Database>, actorId: string | null, id: string, body: unknown) {
  const input = parseInput(surveyInput, body);
  return db.transaction().execute(async (trx) => {
    const before = await loadSurvey(trx, id, true);
    if (before.status !== 'draft' && !sameQuestions(before.questions, input.questions)) {
      throw new ApiError('conflict', 'the questions of an opened survey cannot change', [{ path: 'questions', message: 'fixed once the survey was opened' }]);
    }
    const row = await trx.updateTable('surveys').set({ ...columns(input), updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    const changes = diff(auditView(before), auditView(row));
    if (!sameQuestions(before.questions, row.questions)) changes.questions = { from: null, to: 'changed' };
    await recordSurveyEvent(trx, { object: 'surveys', recordId: id, action: 'update', topic: 'survey.updated', actorId, changes });
    return shapeSurvey(row);
  });
}

export async function deleteSurvey(db: Kysely<Database>, actorId: string | null, id: string) {
  await db.transaction().execute(async (trx) => {
    const before = await loadSurvey(trx, id, true);
    await trx.deleteFrom('surveys').where('id', '=', id).execute();
    await recordSurveyEvent(trx, { object: 'surveys', recordId: id, action: 'delete', topic: 'survey.deleted', actorId, changes: diff(auditView(before), {}) });
  });
}
