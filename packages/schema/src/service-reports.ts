import type { Filter } from './filters.js';

/** Minutes (wall clock) over the tickets of a figure. */
export interface ServiceTimes {
  count: number;
  median: number | null;
  p90: number | null;
}
export interface SlaAttainment {
  met: number;
  breached: number;
  /** % met of met + breached (one decimal); null when none. */
  rate: number | null;
}
/** The figures of one slice (all tickets, an agent, a group); null parts are hidden from the viewer. */
export interface ServiceBreakdown {
  solved: number;
  firstResponse: ServiceTimes | null;
  resolution: ServiceTimes | null;
  sla: { firstResponse: SlaAttainment; resolution: SlaAttainment } | null;
  csat: { count: number; average: number | null } | null;
}

/** GET /api/v1/service/dashboard. */
export interface ServiceDashboard {
  period: { from: string; to: string };
  /** Durations are wall-clock minutes: business time is computed per ticket in JS, not in SQL. */
  timeBasis: 'wall';
  created: number;
  solved: number;
  daily: { date: string; created: number; solved: number }[];
  backlog: { status: string; priority: string | null; count: number; filter: Filter }[] | null;
  totals: ServiceBreakdown;
  agents: (ServiceBreakdown & { userId: string | null; name: string | null })[] | null;
  groups: (ServiceBreakdown & { groupId: string | null; name: string | null })[] | null;
  filters: { created: Filter; solved: Filter };
}
