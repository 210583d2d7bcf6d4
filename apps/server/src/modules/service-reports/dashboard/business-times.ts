import type { ServiceTimes } from '@crm/schema';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/types.js';
import { businessMinutesBetween } from '../../service/sla/business-time.js';
import { loadCalendar } from '../../service/sla/calendar-store.js';

/** Above this many tickets the business times are left out (each is walked day by day in JS). */
export const BUSINESS_TIME_CAP = 3000;

/** percentile_cont over sorted values, as PostgreSQL computes it. */
function percentile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

const round = (v: number) => Math.round(v * 10) / 10;
export function times(values: number[]): ServiceTimes {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: sorted.length ? round(percentile(sorted, 0.5)) : null, p90: sorted.length ? round(percentile(sorted, 0.9)) : null };
}

export interface BusinessSlice {
  firstResponse: ServiceTimes;
  resolution: ServiceTimes;
}

/**
 * First-response and resolution times in business minutes of the support calendar, for the total
 * ('' key), each agent ('u:<id>', 'u:' unassigned) and each group ('g:<id>'). Same tickets as the
 * wall-clock figures: first answered, resp. solved, in the period. Null over the cap.
 */
export async function businessTimes(db: Kysely<Database>, scope: RawBuilder<unknown>, within: (col: string) => RawBuilder<unknown>): Promise<Map<string, BusinessSlice> | null> {
  const { rows } = await sql<{ owner_id: string | null; support_group_id: string | null; created_at: Date; first_responded_at: Date | null; solved_at: Date | null; fr_in: boolean; solved_in: boolean }>`
    SELECT t.owner_id, t.support_group_id, t.created_at, t.first_responded_at, t.solved_at,
      coalesce(${within('first_responded_at')}, false) AS fr_in, coalesce(${within('solved_at')}, false) AS solved_in
    FROM tickets t WHERE ${scope} AND (${within('first_responded_at')} OR ${within('solved_at')}) LIMIT ${BUSINESS_TIME_CAP + 1}`.execute(db);
  if (rows.length > BUSINESS_TIME_CAP) return null;
  const calendar = await loadCalendar(db);
  const acc = new Map<string, { fr: number[]; res: number[] }>();
  const add = (key: string, kind: 'fr' | 'res', minutes: number) => {
    const slot = acc.get(key) ?? { fr: [], res: [] };
    slot[kind].push(minutes);
    acc.set(key, slot);
  };
  for (const r of rows) {
    const keys = ['', `u:${r.owner_id ?? ''}`, `g:${r.support_group_id ?? ''}`];
    if (r.fr_in && r.first_responded_at) {
      const m = businessMinutesBetween(calendar, new Date(r.created_at), new Date(r.first_responded_at));
      for (const k of keys) add(k, 'fr', m);
    }
    if (r.solved_in && r.solved_at) {
      const m = businessMinutesBetween(calendar, new Date(r.created_at), new Date(r.solved_at));
      for (const k of keys) add(k, 'res', m);
    }
  }
  const out = new Map<string, BusinessSlice>();
  for (const [k, v] of acc) out.set(k, { firstResponse: times(v.fr), resolution: times(v.res) });
  return out;
}
