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
  /** Wall-clock minutes. */
  firstResponse: ServiceTimes | null;
  resolution: ServiceTimes | null;
  /** The same in business minutes of the support calendar (working hours, holidays, 调休); null when a field they need is hidden. */
  firstResponseBusiness: ServiceTimes | null;
  resolutionBusiness: ServiceTimes | null;
  sla: { firstResponse: SlaAttainment; resolution: SlaAttainment } | null;
  csat: { count: number; average: number | null } | null;
}

/** Where a figure's tickets are: the tickets list with this filter and, for SLA outcomes, a named list filter (`?sla=fr_met`). */
export interface TicketLink {
  filter: Filter;
  named?: Record<string, string>;
}
/** Net promoter score of survey answers: % promoters (9–10) − % detractors (0–6). */
export interface NpsFigure {
  count: number;
  promoters: number;
  passives: number;
  detractors: number;
  score: number | null;
}

/** GET /api/v1/service/dashboard. */
export interface ServiceDashboard {
  period: { from: string; to: string };
  /** firstResponse/resolution are wall-clock minutes; the *Business figures count the support calendar's working minutes. */
  timeBasis: 'wall';
  created: number;
  solved: number;
  daily: { date: string; created: number; solved: number; filters: { created: Filter; solved: Filter } }[];
  backlog: { status: string; priority: string | null; count: number; filter: Filter }[] | null;
  backlogByGroup: { groupId: string | null; name: string | null; count: number; filter: Filter }[] | null;
  totals: ServiceBreakdown;
  agents: (ServiceBreakdown & { userId: string | null; name: string | null; filter: Filter })[] | null;
  groups: (ServiceBreakdown & { groupId: string | null; name: string | null; filter: Filter })[] | null;
  /** NPS of survey answers given in the period (null for whoever may not read surveys). */
  nps: NpsFigure | null;
  filters: {
    created: Filter;
    solved: Filter;
    backlog: Filter;
    firstResponded: Filter;
    csat: Filter;
    sla: { firstResponseMet: TicketLink; firstResponseBreached: TicketLink; resolutionMet: TicketLink; resolutionBreached: TicketLink };
  };
}
