import { useQuery } from '@tanstack/react-query';
import type { RiskReason, ValueDetails } from '@crm/schema';
import { get } from '../../api/client';

export type { RiskReason, ValueDetails };

export type Money = { amount: number; currency: string } | null;
/** The card: score fields the user may read (a hidden one is absent) and the numbers behind the reasons. */
export interface ValueCard {
  id: string;
  value_tier?: 'A' | 'B' | 'C' | null;
  rfm_recency?: number | null;
  rfm_frequency?: number | null;
  rfm_monetary?: number | null;
  lifetime_value?: Money;
  predicted_value?: Money;
  last_order_on?: string | null;
  churn_risk?: number | null;
  churn_level?: 'high' | 'medium' | 'low' | null;
  churn_reasons?: RiskReason[];
  details: ValueDetails | null;
  computedAt: string | null;
}

export interface ValueSummary {
  byTier: { key: string | null; count: number; sum_lifetime_value?: number }[];
  byRisk: { key: string | null; count: number }[];
  atRisk: (Record<string, unknown> & { id: string; name: string })[];
  atRiskTotal: number;
}

export function useValueCard(customerId: string) {
  // Under ['records'], so it refreshes with every record write.
  return useQuery({ queryKey: ['records', 'customers', 'value-score', customerId], queryFn: async () => (await get<{ data: ValueCard }>(`/api/v1/customer-value/customers/${customerId}`)).data });
}

export function useValueSummary(limit = 20) {
  return useQuery({ queryKey: ['records', 'customers', 'value-summary', limit], queryFn: async () => (await get<{ data: ValueSummary }>('/api/v1/customer-value/summary', { limit })).data });
}

/** A customers list link filtered to a field value (the list opens with that filter). */
export const customersWhere = (field: string, value: string | null) =>
  `/o/customers?filter=${encodeURIComponent(JSON.stringify(value === null ? { field, op: 'empty' } : { field, op: 'eq', value }))}`;
