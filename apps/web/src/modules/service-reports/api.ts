import type { Filter } from '@crm/schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';

export interface Times {
  count: number;
  median: number | null;
  p90: number | null;
}
export interface Attainment {
  met: number;
  breached: number;
  rate: number | null;
}
export interface Breakdown {
  solved: number;
  firstResponse: Times | null;
  resolution: Times | null;
  sla: { firstResponse: Attainment; resolution: Attainment } | null;
  csat: { count: number; average: number | null } | null;
}

/** GET /api/v1/service/dashboard (modules/service-reports on the server). Minutes are wall time. */
export interface ServiceDashboard {
  period: { from: string; to: string };
  timeBasis: 'wall';
  created: number;
  solved: number;
  daily: { date: string; created: number; solved: number }[];
  backlog: { status: string; priority: string | null; count: number; filter: Filter }[] | null;
  totals: Breakdown;
  agents: (Breakdown & { userId: string | null; name: string | null })[] | null;
  groups: (Breakdown & { groupId: string | null; name: string | null })[] | null;
  filters: { created: Filter; solved: Filter };
}

export function useServiceDashboard(query: { from: string; to: string; group?: string }) {
  return useQuery({
    // Under 'records' so a ticket write refreshes the figures.
    queryKey: ['records', 'service-dashboard', query],
    queryFn: async () => (await get<{ data: ServiceDashboard }>('/api/v1/service/dashboard', { ...query })).data,
    placeholderData: keepPreviousData,
  });
}
