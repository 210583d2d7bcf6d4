import { useQuery } from '@tanstack/react-query';
import { get } from '../../../api/client';

export interface CampaignFigures {
  members: number | null;
  responses: number | null;
  leads: number | null;
  deals: number | null;
  wonFirstTouch: number | null;
  wonLastTouch: number | null;
  cost: number | null;
  roiFirstTouch: number | null;
  roiLastTouch: number | null;
  costPerLead: number | null;
}
export interface CampaignRow extends CampaignFigures {
  id: string;
  name: string;
  type: string;
}
export interface CampaignReport {
  campaigns: CampaignRow[];
  byType: (CampaignFigures & { type: string; campaigns: number })[];
}

/** The campaign report (figures in the company currency, null where the user may not see them). */
export function useCampaignReport(params: { from?: string; to?: string; campaignId?: string }) {
  return useQuery({
    queryKey: ['campaigns', 'report', params],
    queryFn: async () => (await get<{ data: CampaignReport }>('/api/v1/campaigns/report', params)).data,
  });
}
