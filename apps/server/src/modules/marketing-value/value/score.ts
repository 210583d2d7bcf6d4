import type { ValueDetails } from '@crm/schema';
import type { HistoryRow } from './history-sql.js';
import type { RiskLevel, RiskReason, Tier } from './fields.js';

export type { ValueDetails };

/** R+F+M (3–15) at or above which a buyer is tier A (重要客户), or B; below: C. */
export const TIER_A_FROM = 12;
export const TIER_B_FROM = 8;
/** Risk 0–100 at or above which the level is high, or medium. */
export const HIGH_RISK_FROM = 60;
export const MEDIUM_RISK_FROM = 30;
/** The rhythm assumed when nobody in the install has bought twice yet. */
const DEFAULT_GAP_DAYS = 180;
const DAY = 86_400_000;

export interface CustomerScore {
  id: string;
  tier: Tier | null;
  r: number | null;
  f: number | null;
  m: number | null;
  lifetimeValue: number;
  predictedValue: number;
  lastOrderOn: string | null;
  risk: number | null;
  level: RiskLevel | null;
  reasons: RiskReason[];
  details: ValueDetails;
  /** Inputs of the churn model (see churn/features.ts); null without a purchase. */
  features: number[] | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const isoDate = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const quintile = (cd: number | null) => (cd === null ? null : Math.min(5, Math.max(1, Math.ceil(cd * 5 - 1e-9))));
const round2 = (v: number) => Math.round(v * 100) / 100;

export function tierOf(r: number, f: number, m: number): Tier {
  const total = r + f + m;
  return total >= TIER_A_FROM ? 'A' : total >= TIER_B_FROM ? 'B' : 'C';
}

export function levelOf(risk: number): RiskLevel {
  return risk >= HIGH_RISK_FROM ? 'high' : risk >= MEDIUM_RISK_FROM ? 'medium' : 'low';
}

/**
 * Transparent churn rules, each adding points (total capped at 100):
 * overdue — days since the last order beyond the customer's median gap, up to 50 at three gaps;
 * fewer follow-ups — the last 90 days against the 90 before, up to 15;
 * open tickets — 10 each, complaints 5 more, up to 25;
 * falling value — the last order below the average of earlier ones, up to 20 at half of it.
 */
export function churnPoints(d: Pick<ValueDetails, 'daysSinceLastOrder' | 'medianGapDays' | 'followupsRecent' | 'followupsPrior' | 'openTickets' | 'complaints' | 'lastOrderAmount' | 'earlierAverage'>) {
  const points: Partial<Record<RiskReason, number>> = {};
  if (d.daysSinceLastOrder !== null && d.medianGapDays) {
    const ratio = d.daysSinceLastOrder / d.medianGapDays;
    if (ratio > 1) points.overdue = Math.round(50 * Math.min(1, (ratio - 1) / 2));
  }
  if (d.followupsPrior > 0 && d.followupsRecent < d.followupsPrior) points.fewer_followups = Math.round(15 * (1 - d.followupsRecent / d.followupsPrior));
  if (d.openTickets > 0) points.open_tickets = Math.min(25, 10 * d.openTickets + 5 * d.complaints);
  if (d.lastOrderAmount !== null && d.earlierAverage) {
    const drop = 1 - d.lastOrderAmount / d.earlierAverage;
    if (drop > 0) points.falling_value = Math.round(20 * Math.min(1, drop / 0.5));
  }
  for (const key of Object.keys(points) as RiskReason[]) if (!points[key]) delete points[key];
  const total = Math.min(100, Object.values(points).reduce((a, b) => a + (b ?? 0), 0));
  return { points, total };
}

/** Scores one customer from its history row; `installGap` is the install's median gap between orders. */
export function scoreCustomer(row: HistoryRow, asOf: string, installGap: number | null): CustomerScore {
  const orders = row.orders ?? 0;
  const lastOn = isoDate(row.last_on);
  const daysSince = lastOn ? Math.round((Date.parse(asOf) - Date.parse(lastOn)) / DAY) : null;
  const ownGap = orders >= 2 ? num(row.median_gap) : null;
  const gap = ownGap ?? (orders ? (installGap ?? DEFAULT_GAP_DAYS) : null);
  const monetary = num(row.monetary) ?? 0;
  const aov = orders ? monetary / orders : null;
  const perYear = gap ? Math.min(52, 365 / Math.max(gap, 7)) : null;
  const base = {
    daysSinceLastOrder: daysSince,
    medianGapDays: gap === null ? null : round2(gap),
    followupsRecent: row.followups_recent ?? 0,
    followupsPrior: row.followups_prior ?? 0,
    openTickets: row.open_tickets ?? 0,
    complaints: row.complaints ?? 0,
    lastOrderAmount: num(row.last_amount),
    earlierAverage: orders >= 2 ? num(row.earlier_avg) : null,
  };
  const r = quintile(row.r_cd);
  const f = quintile(row.f_cd);
  const m = quintile(row.m_cd);
  const bought = orders > 0 && r !== null && f !== null && m !== null;
  const { points, total } = churnPoints(base);
  const details: ValueDetails = {
    ...base,
    orders,
    gapFromInstall: orders > 0 && ownGap === null,
    averageOrderValue: aov === null ? null : round2(aov),
    expectedOrdersPerYear: perYear === null ? null : round2(perYear),
    points,
    ruleRisk: bought ? total : null,
    method: 'rules',
  };
  return {
    id: row.id,
    tier: bought ? tierOf(r, f, m) : null,
    r: bought ? r : null,
    f: bought ? f : null,
    m: bought ? m : null,
    lifetimeValue: round2(num(row.paid) ?? 0),
    predictedValue: aov !== null && perYear !== null ? round2(aov * perYear) : 0,
    lastOrderOn: lastOn,
    risk: bought ? total : null,
    level: bought ? levelOf(total) : null,
    reasons: bought ? (Object.keys(points) as RiskReason[]) : [],
    details,
    features: bought ? featuresOf(details, f!) : null,
  };
}

/**
 * The churn model's inputs: how overdue (in gaps, capped), the follow-up drop, open tickets,
 * complaints, the order value drop and the frequency score. Same signals as the rules, unweighted.
 */
export function featuresOf(d: ValueDetails, f: number): number[] {
  const overdue = d.daysSinceLastOrder !== null && d.medianGapDays ? Math.min(6, d.daysSinceLastOrder / d.medianGapDays) : 0;
  const followDrop = d.followupsPrior > 0 ? Math.max(0, 1 - d.followupsRecent / d.followupsPrior) : 0;
  const valueDrop = d.lastOrderAmount !== null && d.earlierAverage ? Math.max(0, 1 - d.lastOrderAmount / d.earlierAverage) : 0;
  return [overdue, followDrop, Math.min(5, d.openTickets), Math.min(5, d.complaints), valueDrop, f];
}
