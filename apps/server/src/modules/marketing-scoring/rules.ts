import { scoringRuleInputSchema, type FilterCondition, type ScoringActivity, type ScoringRuleInput } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../engine/permissions/access.js';
import { compileFilter } from '../../engine/records/query/filters.js';
import { badRequest, notFound } from '../../http/errors.js';
import { SCORE_FIELD_NAMES } from './fields.js';

export const ruleInput = scoringRuleInputSchema;
export type RuleInput = ScoringRuleInput;
type Activity = ScoringActivity;

export interface ScoringRule {
  id: string;
  name: string;
  kind: 'behaviour' | 'fit';
  object: string | null;
  activity: Activity | null;
  match: string | null;
  condition: FilterCondition | null;
  points: number;
  half_life_days: number | null;
  max_points: number | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The rule as the API shows it. */
export const ruleView = (r: ScoringRule) => ({
  id: r.id, name: r.name, kind: r.kind, object: r.object, activity: r.activity, match: r.match, condition: r.condition,
  points: r.points, halfLifeDays: r.half_life_days, maxPoints: r.max_points, active: r.active, createdAt: r.created_at, updatedAt: r.updated_at,
});

/** Kind-specific checks the schema cannot make; each names the field (400). */
function checkRule(engine: Engine, input: RuleInput) {
  if (input.kind === 'behaviour') {
    if (!input.activity) throw badRequest('activity: a behaviour rule counts an activity', [{ path: 'activity', message: 'required for a behaviour rule' }]);
    if (input.condition) throw badRequest('condition: only fit rules have a field condition', [{ path: 'condition', message: 'not for a behaviour rule' }]);
    if (input.object === 'leads' && input.activity.startsWith('email_')) throw badRequest('object: marketing e-mails go to contacts', [{ path: 'object', message: 'e-mail rules score contacts' }]);
    return;
  }
  if (!input.object) throw badRequest('object: a fit rule is on leads or on contacts', [{ path: 'object', message: 'required for a fit rule' }]);
  if (!input.condition) throw badRequest('condition: a fit rule needs a field condition', [{ path: 'condition', message: 'required for a fit rule' }]);
  if (input.activity || input.match || input.halfLifeDays || input.maxPoints) {
    const path = input.activity ? 'activity' : input.match ? 'match' : input.halfLifeDays ? 'halfLifeDays' : 'maxPoints';
    throw badRequest(`${path}: only behaviour rules have it`, [{ path, message: 'not for a fit rule' }]);
  }
  const meta = engine.metadata.get(input.object);
  const field = meta.fields.find((f) => f.name === input.condition!.field && !f.archived);
  if (!field || SCORE_FIELD_NAMES.has(field.name)) throw badRequest(`condition.field: no field '${input.condition.field}' on ${input.object}`, [{ path: 'condition.field', message: 'unknown field' }]);
  try {
    compileFilter(meta, input.condition, SYSTEM_CONTEXT);
  } catch (error) {
    throw badRequest(`condition.value: ${(error as Error).message}`, [{ path: 'condition.value', message: (error as Error).message }]);
  }
}

const columns = (input: RuleInput) => ({
  name: input.name, kind: input.kind, object: input.object, activity: input.kind === 'behaviour' ? input.activity : null, match: input.match,
  condition: input.condition ? JSON.stringify(input.condition) : null, points: input.points, half_life_days: input.halfLifeDays,
  max_points: input.maxPoints, active: input.active,
});

export async function listRules(db: Kysely<Database>): Promise<ScoringRule[]> {
  const { rows } = await sql<ScoringRule>`SELECT * FROM scoring_rules ORDER BY kind, created_at, id`.execute(db);
  return rows;
}

export async function createRule(db: Kysely<Database>, engine: Engine, input: RuleInput, userId: string | null) {
  checkRule(engine, input);
  const c = columns(input);
  const { rows } = await sql<ScoringRule>`
    INSERT INTO scoring_rules (name, kind, object, activity, match, condition, points, half_life_days, max_points, active, created_by)
    VALUES (${c.name}, ${c.kind}, ${c.object}, ${c.activity}, ${c.match}, ${c.condition}::jsonb, ${c.points}, ${c.half_life_days}, ${c.max_points}, ${c.active}, ${userId})
    RETURNING *`.execute(db);
  return rows[0];
}

export async function updateRule(db: Kysely<Database>, engine: Engine, id: string, input: RuleInput) {
  checkRule(engine, input);
  const c = columns(input);
  const { rows } = await sql<ScoringRule>`
    UPDATE scoring_rules SET name = ${c.name}, kind = ${c.kind}, object = ${c.object}, activity = ${c.activity}, match = ${c.match},
      condition = ${c.condition}::jsonb, points = ${c.points}, half_life_days = ${c.half_life_days}, max_points = ${c.max_points},
      active = ${c.active}, updated_at = now()
    WHERE id = ${id} RETURNING *`.execute(db);
  if (!rows[0]) throw notFound(`scoring rule ${id}`);
  return rows[0];
}

export async function deleteRule(db: Kysely<Database>, id: string) {
  const { rows } = await sql<{ id: string }>`DELETE FROM scoring_rules WHERE id = ${id} RETURNING id`.execute(db);
  if (!rows[0]) throw notFound(`scoring rule ${id}`);
}
