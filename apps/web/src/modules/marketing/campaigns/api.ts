import { useQuery } from '@tanstack/react-query';
import type { CampaignReport } from '@crm/schema';
import { get } from '../../../api/client';

/** The campaign report (figures in the company currency, null where the user may not see them). */
export function useCampaignReport(params: { from?: string; to?: string; campaignId?: string }) {
  return useQuery({
    queryKey: ['campaigns', 'report', params],
    queryFn: async () => (await get<{ data: CampaignReport }>('/api/v1/campaigns/report', params)).data,
  });
}
