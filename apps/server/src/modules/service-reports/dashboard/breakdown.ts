import type { ServiceBreakdown as Breakdown, SlaAttainment as Attainment } from '@crm/schema';
import { sql, type RawBuilder } from 'kysely';

interface Parts {
  within: (col: string) => RawBuilder<unknown>;
  now: Date;
  shown: (field: string) => boolean;
}

const minutes = (from: string, to: string) => sql`extract(epoch FROM (${sql.ref(`t.${to}`)} - ${sql.ref(`t.${from}`)})) / 60.0`;
const pct = (q: number, value: RawBuilder<unknown>, filter: RawBuilder<unknown>) => sql`percentile_cont(${sql.lit(q)}) WITHIN GROUP (ORDER BY ${value}) FILTER (WHERE ${filter})`;

/**
 * Aggregates per slice. Times: first response of tickets first answered in the period, resolution
 * of tickets solved in it. SLA: tickets created in the period with a target, met when answered
 * (solved) by the due time, breached when later or still unanswered past it; still running is neither.
 */
export function breakdownSelects({ within, now, shown }: Parts): RawBuilder<unknown>[] {
  const responded = within('first_responded_at');
  const solved = within('solved_at');
  const created = within('created_at');
  const met = (done: string, due: string) => sql`count(*) FILTER (WHERE ${created} AND ${sql.ref(`t.${done}`)} <= ${sql.ref(`t.${due}`)})`;
  const breached = (done: string, due: string) =>
    sql`count(*) FILTER (WHERE ${created} AND (${sql.ref(`t.${done}`)} > ${sql.ref(`t.${due}`)} OR (${sql.ref(`t.${done}`)} IS NULL AND ${sql.ref(`t.${due}`)} <= ${now})))`;
  const selects = [sql`count(*) FILTER (WHERE ${solved}) AS solved`];
  if (shown('first_responded_at')) {
    const v = minutes('created_at', 'first_responded_at');
    selects.push(sql`count(*) FILTER (WHERE ${responded}) AS fr_count`, sql`${pct(0.5, v, responded)} AS fr_median`, sql`${pct(0.9, v, responded)} AS fr_p90`);
  }
  if (shown('solved_at')) {
    const v = minutes('created_at', 'solved_at');
    selects.push(sql`${pct(0.5, v, solved)} AS res_median`, sql`${pct(0.9, v, solved)} AS res_p90`);
  }
  if (['first_responded_at', 'first_response_due_at', 'solved_at', 'resolution_due_at'].every(shown)) {
    selects.push(
      sql`${met('first_responded_at', 'first_response_due_at')} AS fr_met`,
      sql`${breached('first_responded_at', 'first_response_due_at')} AS fr_breached`,
      sql`${met('solved_at', 'resolution_due_at')} AS res_met`,
      sql`${breached('solved_at', 'resolution_due_at')} AS res_breached`,
    );
  }
  if (shown('satisfaction')) selects.push(sql`count(t.satisfaction) FILTER (WHERE ${solved}) AS csat_count`, sql`avg(t.satisfaction) FILTER (WHERE ${solved}) AS csat_avg`);
  return selects;
}

const num = (v: unknown, digits = 1) => (v === null || v === undefined ? null : Math.round(Number(v) * 10 ** digits) / 10 ** digits);
const int = (v: unknown) => Number(v ?? 0);
const attainment = (met: unknown, breached: unknown): Attainment => {
  const m = int(met);
  const b = int(breached);
  return { met: m, breached: b, rate: m + b ? num((m / (m + b)) * 100) : null };
};

/** A row of breakdownSelects as figures (missing columns = hidden from the viewer = null). */
export function toBreakdown(r: Record<string, unknown>): Breakdown {
  const solved = int(r.solved);
  return {
    solved,
    firstResponse: 'fr_count' in r ? { count: int(r.fr_count), median: num(r.fr_median), p90: num(r.fr_p90) } : null,
    resolution: 'res_median' in r ? { count: solved, median: num(r.res_median), p90: num(r.res_p90) } : null,
    // Filled from the business-time pass (business-times.ts) where it ran.
    firstResponseBusiness: null,
    resolutionBusiness: null,
    sla: 'fr_met' in r ? { firstResponse: attainment(r.fr_met, r.fr_breached), resolution: attainment(r.res_met, r.res_breached) } : null,
    csat: 'csat_avg' in r ? { count: int(r.csat_count), average: num(r.csat_avg, 2) } : null,
  };
}
