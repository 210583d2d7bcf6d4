/** Why a customer may be leaving (the churn_reasons options). */
export type RiskReason = 'overdue' | 'fewer_followups' | 'open_tickets' | 'falling_value';

/** The numbers behind a customer's value and churn scores, as the value card shows them. */
export interface ValueDetails {
  orders: number;
  daysSinceLastOrder: number | null;
  medianGapDays: number | null;
  /** true when the install's median gap stood in for the customer's own (fewer than two orders). */
  gapFromInstall: boolean;
  followupsRecent: number;
  followupsPrior: number;
  openTickets: number;
  complaints: number;
  lastOrderAmount: number | null;
  earlierAverage: number | null;
  averageOrderValue: number | null;
  expectedOrdersPerYear: number | null;
  /** Points each reason added to the rule-based risk. */
  points: Partial<Record<RiskReason, number>>;
  ruleRisk: number | null;
  method: 'rules' | 'model';
}
