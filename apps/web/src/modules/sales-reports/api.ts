import type { SalesDashboard, WeeklyReport } from '@crm/schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../api/client';

export interface DashboardQuery {
  from?: string;
  to?: string;
  teamId?: string;
}

export function useSalesDashboard(query: DashboardQuery) {
  return useQuery({
    // Under 'records' so any record write refreshes the charts.
    queryKey: ['records', 'sales-dashboard', query],
    queryFn: async () => (await get<{ data: SalesDashboard }>('/api/v1/sales/dashboard', { ...query })).data,
    placeholderData: keepPreviousData,
  });
}

export function useWeeklyReports(week?: string) {
  return useQuery({
    queryKey: ['sales-reports', week ?? 'all'],
    queryFn: async () => get<{ data: WeeklyReport[]; thisWeek: string }>('/api/v1/sales/reports', { week }),
  });
}

export function useWeeklyReport(id: string) {
  return useQuery({ queryKey: ['sales-reports', 'one', id], queryFn: async () => (await get<{ data: WeeklyReport }>(`/api/v1/sales/reports/${id}`)).data });
}

export function useGenerateReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { week: string; teamId?: string; userId?: string }) => (await post<{ data: WeeklyReport }>('/api/v1/sales/reports', body)).data,
    onSuccess: () => qc.invalidateQueries({ queryKey: ['sales-reports'] }),
  });
}
