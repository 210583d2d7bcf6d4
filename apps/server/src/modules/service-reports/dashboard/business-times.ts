import type { ServiceTimes } from '@crm/schema';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/types.js';
import { workingIntervals, type SupportCalendar } from '../../service/sla/business-time.js';
import { loadCalendar } from '../../service/sla/calendar-store.js';

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

/** Longest span of local days the calendar table covers (tickets created before it are left out). */
const MAX_DAYS = 3700;
const DAY_MS = 86_400_000;

/**
 * The support calendar as a table of local days: business minutes before the day starts (a running
 * sum) and the day's working intervals, padded to the same count per day so SQL can read them as
 * columns. A moment's business minute is then cum + Σ clamp(minute of day − start, 0, length):
 * the difference of two moments is the business time between them, without walking days per ticket.
 */
export function calendarTable(cal: SupportCalendar, firstDay: string, lastDay: string) {
  const days: string[] = [];
  const cum: number[] = [];
  const intervals: Array<Array<[number, number]>> = [];
  let running = 0;
  for (let at = Date.parse(`${firstDay}T00:00:00Z`), end = Date.parse(`${lastDay}T00:00:00Z`); at <= end && days.length < MAX_DAYS; at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    const hours = workingIntervals(cal, day);
    days.push(day);
    cum.push(running);
    intervals.push(hours);
    running += hours.reduce((n, [s, e]) => n + Math.max(0, e - s), 0);
  }
  const width = Math.max(1, ...intervals.map((h) => h.length));
  const column = (k: number, side: 0 | 1) => intervals.map((h) => h[k]?.[side] ?? 0);
  return { days, cum, starts: Array.from({ length: width }, (_, k) => column(k, 0)), ends: Array.from({ length: width }, (_, k) => column(k, 1)) };
}

/**
 * First-response and resolution times in business minutes of the support calendar, for the total
 * ('' key), each agent ('u:<id>', 'u:' unassigned) and each group ('g:<id>'). Same tickets as the
 * wall-clock figures: first answered, resp. solved, in the period. Time the ticket waited on the
 * customer (pending_customer, kept by the SLA as business minutes) is not counted: all of it for
 * the resolution, what passed before the first answer for the first response. One query; the
 * percentiles are PostgreSQL's percentile_cont per grouping set.
 */
export async function businessTimes(db: Kysely<Database>, scope: RawBuilder<unknown>, within: (col: string) => RawBuilder<unknown>): Promise<Map<string, BusinessSlice>> {
  const counted = sql`${scope} AND (${within('first_responded_at')} OR ${within('solved_at')})`;
  const calendar = await loadCalendar(db);
  const tz = calendar.timezone;
  const localDay = (col: string) => sql`(${sql.ref(`t.${col}`)} AT TIME ZONE ${tz})::date`;
  const { rows: span } = await sql<{ first: string | null; last: string | null }>`
    SELECT to_char(min(${localDay('created_at')}), 'YYYY-MM-DD') AS first,
      to_char(max(greatest(${localDay('created_at')}, ${localDay('first_responded_at')}, ${localDay('solved_at')})), 'YYYY-MM-DD') AS last
    FROM tickets t WHERE ${counted}`.execute(db);
  const out = new Map<string, BusinessSlice>();
  if (!span[0]?.first || !span[0].last) return out;
  // Keep the newest MAX_DAYS days: a ticket opened more than ten years ago is left out of the times.
  const first = new Date(Math.max(Date.parse(`${span[0].first}T00:00:00Z`), Date.parse(`${span[0].last}T00:00:00Z`) - (MAX_DAYS - 1) * DAY_MS)).toISOString().slice(0, 10);
  const table = calendarTable(calendar, first, span[0].last);
  const k = table.starts.map((_, i) => i);
  const cols = sql.join([sql`day`, sql`cum`, ...k.flatMap((i) => [sql.raw(`s${i}`), sql.raw(`e${i}`)])]);
  const arrays = sql.join([sql`${table.days}::date[]`, sql`${table.cum}::float8[]`, ...k.flatMap((i) => [sql`${table.starts[i]}::int[]`, sql`${table.ends[i]}::int[]`])]);
  // The business minute of a moment, from its local day's row c.
  const at = (col: string, c: string) => {
    const minute = sql`extract(epoch FROM (${sql.ref(`t.${col}`)} AT TIME ZONE ${tz}) - (${sql.ref(`t.${col}`)} AT TIME ZONE ${tz})::date) / 60`;
    return sql`(${sql.ref(`${c}.cum`)} + ${sql.join(
      k.map((i) => sql`least(greatest(${minute} - ${sql.ref(`${c}.s${i}`)}, 0), greatest(${sql.ref(`${c}.e${i}`)} - ${sql.ref(`${c}.s${i}`)}, 0))`),
      sql` + `,
    )})`;
  };
  const { rows } = await sql<{ g_owner: number; g_group: number; owner_id: string | null; support_group_id: string | null; fr_n: string; fr_med: number | null; fr_p90: number | null; res_n: string; res_med: number | null; res_p90: number | null }>`
    WITH cal (${cols}) AS (SELECT * FROM unnest(${arrays})),
    m AS (
      SELECT t.owner_id, t.support_group_id,
        CASE WHEN ${within('first_responded_at')} THEN greatest(round(${at('first_responded_at', 'cf')} - ${at('created_at', 'cc')}) - coalesce(t.sla_response_paused_minutes, 0), 0) END AS fr,
        CASE WHEN ${within('solved_at')} THEN greatest(round(${at('solved_at', 'cs')} - ${at('created_at', 'cc')}) - coalesce(t.sla_paused_minutes, 0), 0) END AS res
      FROM tickets t
      JOIN cal cc ON cc.day = ${localDay('created_at')}
      LEFT JOIN cal cf ON cf.day = ${localDay('first_responded_at')}
      LEFT JOIN cal cs ON cs.day = ${localDay('solved_at')}
      WHERE ${counted})
    SELECT grouping(owner_id) AS g_owner, grouping(support_group_id) AS g_group, owner_id, support_group_id,
      count(fr) AS fr_n, percentile_cont(0.5) WITHIN GROUP (ORDER BY fr) AS fr_med, percentile_cont(0.9) WITHIN GROUP (ORDER BY fr) AS fr_p90,
      count(res) AS res_n, percentile_cont(0.5) WITHIN GROUP (ORDER BY res) AS res_med, percentile_cont(0.9) WITHIN GROUP (ORDER BY res) AS res_p90
    FROM m GROUP BY GROUPING SETS ((), (owner_id), (support_group_id))`.execute(db);
  const slice = (n: string, med: number | null, p90: number | null): ServiceTimes => ({ count: Number(n), median: med === null ? null : round(Number(med)), p90: p90 === null ? null : round(Number(p90)) });
  for (const r of rows) {
    const key = Number(r.g_owner) === 0 ? `u:${r.owner_id ?? ''}` : Number(r.g_group) === 0 ? `g:${r.support_group_id ?? ''}` : '';
    out.set(key, { firstResponse: slice(r.fr_n, r.fr_med, r.fr_p90), resolution: slice(r.res_n, r.res_med, r.res_p90) });
  }
  return out;
}
