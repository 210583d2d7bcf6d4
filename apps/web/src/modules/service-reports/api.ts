import type { ServiceDashboard } from '@crm/schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';

export function useServiceDashboard(query: { from: string; to: string; group?: string }) {
  return useQuery({
    // Under 'records' so a ticket write refreshes the figures.
    queryKey: ['records', 'service-dashboard', query],
    queryFn: async () => (await get<{ data: ServiceDashboard }>('/api/v1/service/dashboard', { ...query })).data,
    placeholderData: keepPreviousData,
  });
}
