import type { RegionValue } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { regionWithin } from '../../../engine/regions/divisions.js';

/** Record fields a territory can match on. */
export const TERRITORY_FIELDS = ['region', 'industry', 'source'] as const;

function matches(field: string, recordValue: unknown, value: string): boolean {
  if (recordValue === null || recordValue === undefined) return false;
  if (field === 'region' && (typeof recordValue === 'object' || typeof recordValue === 'string')) {
    // By containment in the administrative divisions: 浙江省 catches 宁波市, 浙江省宁波市 and 浙江 宁波.
    if (regionWithin(recordValue as RegionValue | string, value)) return true;
    // Text that names no known place still matches itself (a territory 华东 and a lead typed 华东).
    return typeof recordValue === 'object' ? Object.values(recordValue as Record<string, unknown>).includes(value) : recordValue === value;
  }
  return String(recordValue) === value;
}

/** The first territory (by position) whose field value the record has. */
export async function findTerritoryTeam(db: Kysely<Database>, record: Record<string, unknown>) {
  const territories = await db.selectFrom('automation_territories').selectAll().orderBy('position').orderBy('created_at').execute();
  const hit = territories.find((t) => matches(t.field, record[t.field], t.value));
  return hit ? { teamId: hit.team_id, field: hit.field, value: hit.value } : null;
}
