/** Figures of the campaign report (GET /api/v1/campaigns/report): money in the company currency, null where the reader may not see it. */
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

export interface CampaignReportRow extends CampaignFigures {
  id: string;
  name: string;
  type: string;
}

export interface CampaignTypeRow extends CampaignFigures {
  type: string;
  campaigns: number;
}

export interface CampaignReport {
  campaigns: CampaignReportRow[];
  byType: CampaignTypeRow[];
}
