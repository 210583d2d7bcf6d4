import type { Filter } from './filters.js';

/*
 * What the sales API returns for forecasts, targets, the dashboard and weekly reports: computed on
 * the server, drawn by the web app.
 */

/** A number on a chart or report and the records behind it (opened as `filter` on `object`'s list). */
export interface ReportFigure {
  object: string;
  count: number;
  /** Sum of the amounts; null where there is none or the viewer may not see amounts. */
  amount: number | null;
  filter: Filter;
}

/** A range of local dates, first and last day included, with the instants that bound it [start, end). */
export interface ReportPeriod {
  from: string;
  to: string;
  startAt: string;
  endAt: string;
}

export interface PersonName {
  id: string;
  name: string;
}

export interface SalesDashboard {
  period: ReportPeriod;
  /** Names of the owners the series mention. */
  owners: PersonName[];
  won: (ReportFigure & { target: number | null }) | null;
  /** First step: every deal created in the period; then each stage: deals at it or further (won last). */
  funnel: Array<ReportFigure & { stage: string | null; rate: number | null }> | null;
  /** Open deals now, by stage and owner. */
  pipeline: Array<ReportFigure & { stage: string | null; ownerId: string | null }> | null;
  /** Open deals by expected close month, six months from the period's first month. */
  forecast: Array<ReportFigure & { month: string; weighted: number | null; target: number | null }> | null;
  activities: Array<ReportFigure & { ownerId: string | null; type: string | null }> | null;
  leadSources: Array<ReportFigure & { source: string | null }> | null;
}

export interface WeeklyFigures {
  week: ReportPeriod;
  newLeads: ReportFigure | null;
  followUps: { total: number; byType: Array<ReportFigure & { type: string | null }>; filter: Filter } | null;
  dealsCreated: ReportFigure | null;
  dealsWon: ReportFigure | null;
  dealsLost: ReportFigure | null;
  /** Open pipeline value (deal amounts) at the start and at the end of the week. */
  pipeline: { start: number | null; end: number | null; change: number | null; startFilter: Filter; endFilter: Filter } | null;
  /** null when this install has no payments object. */
  payments: ReportFigure | null;
  /** Parts other modules add (e.g. `service`), keyed by section; left out for readers who may not see them. */
  sections?: Record<string, unknown>;
}

export interface WeeklyReport {
  id: string;
  weekStart: string;
  subjectType: 'user' | 'team';
  subjectId: string;
  subjectName: string;
  figures: WeeklyFigures;
  generatedAt: string;
  generatedBy: string | null;
}

export interface SalesTarget {
  id: string;
  /** YYYY-MM */
  month: string;
  userId: string | null;
  teamId: string | null;
  amount: number;
  currency: string;
}

export interface ForecastParams {
  /** First and last month, YYYY-MM, inclusive (at most 24 months). */
  from: string;
  to: string;
  /** Rows per rep (deal owner) or per team (the owner's team). */
  by: 'user' | 'team';
  /** Only deals of this pipeline (default: all pipelines). */
  pipeline?: string;
}

export interface ForecastFigures {
  /** Monthly target (sales_targets) of the rep/team; null when none is set. */
  target: number | null;
  /** Won deals (stage 'won') whose expected close date falls in the month. */
  won: number;
  wonCount: number;
  /** Open deals with probability at or above the commit threshold. */
  committed: number;
  /** All open deals. */
  bestCase: number;
  /** Open deals: Σ amount × probability / 100. */
  weighted: number;
  openCount: number;
}

export interface ForecastRow extends ForecastFigures {
  /** YYYY-MM */
  month: string;
  /** user id or team id; null for deals without owner (or owners without team). */
  key: string | null;
  name: string | null;
}

export interface Forecast {
  params: ForecastParams;
  months: string[];
  rows: ForecastRow[];
  /** Per month over all rows (target: the sum of the rows' targets). */
  totals: (ForecastFigures & { month: string })[];
}
