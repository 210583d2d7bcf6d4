import type { CurrencySettings } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { formatMoney } from '../engine/fields/format';
import { get } from './client';

/**
 * The company currency and its exchange rates; `withUnrated` (the settings page) also asks which
 * currencies on records lack a rate, which scans every money column, so nothing else asks.
 */
export function useCurrencySettings(withUnrated = false) {
  return useQuery({
    queryKey: ['currency-settings', withUnrated],
    queryFn: async () => (await get<{ data: CurrencySettings }>('/api/v1/currency-settings', withUnrated ? { include: 'unrated' } : undefined)).data,
    staleTime: 5 * 60_000,
  });
}

/**
 * Sums from the server (kanban, forecast, dashboards, reports) are in the company currency; this
 * formats them so. '—' for null (a figure the user may not see).
 */
export function useCompanyMoney() {
  const currency = useCurrencySettings().data?.currency ?? 'CNY';
  return useMemo(
    () => ({ currency, format: (v: number | null | undefined, compact = false) => (v === null || v === undefined ? '—' : formatMoney(v, currency, compact)) }),
    [currency],
  );
}
