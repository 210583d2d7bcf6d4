import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

/** Record fields a territory can match on. */
export const TERRITORY_FIELDS = ['region', 'industry', 'source'] as const;

function matches(field: string, recordValue: unknown, value: string): boolean {
  if (recordValue === null || recordValue === undefined) return false;
  // A region matches on its province, city or district (北京 matches {province: '北京'}).
  if (field === 'region' && typeof recordValue === 'object') return Object.values(recordValue as Record<string, unknown>).includes(value);
  return String(recordValue) === value;
}

/** The first territory (by position) whose field value the record has. */
export async function findTerritoryTeam(db: Kysely<Database>, record: Record<string, unknown>) {
  const territories = await db.selectFrom('automation_territories').selectAll().orderBy('position').orderBy('created_at').execute();
  const hit = territories.find((t) => matches(t.field, record[t.field], t.value));
  return hit ? { teamId: hit.team_id, field: hit.field, value: hit.value } : null;
}
