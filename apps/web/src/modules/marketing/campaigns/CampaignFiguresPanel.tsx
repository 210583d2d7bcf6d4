import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCompanyMoney } from '../../../api/currency';
import type { DetailExtensionProps } from '../../../engine/detailExtensions';
import { useCampaignReport } from './api';
import { FigureLink } from './figureLinks';
import { formatCount, formatRoi } from './format';

/** A campaign's figures beside its fields: actual cost (sum of its cost lines), members, leads, won revenue, ROI. */
export function CampaignFiguresPanel({ record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const money = useCompanyMoney();
  const { data } = useCampaignReport({ campaignId: record.id });
  const row = data?.campaigns[0];
  return (
    <Card size="small" title={t('campaigns.figures')} style={{ marginTop: 16 }} data-testid="campaign-figures" loading={!data}>
      {row ? (
        <Descriptions size="small" column={1} colon={false} labelStyle={{ minWidth: 110 }}>
          <Descriptions.Item label={t('campaigns.cost')}><span data-testid="campaign-cost"><FigureLink figure="cost" scope={row.id} shown={row.cost !== null}>{money.format(row.cost)}</FigureLink></span></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.members')}><span data-testid="campaign-members"><FigureLink figure="members" scope={row.id} shown={row.members !== null}>{formatCount(row.members)}</FigureLink></span></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.responses')}><FigureLink figure="responses" scope={row.id} shown={row.responses !== null}>{formatCount(row.responses)}</FigureLink></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.leads')}><FigureLink figure="leads" scope={row.id} shown={row.leads !== null}>{formatCount(row.leads)}</FigureLink></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.deals')}><FigureLink figure="deals" scope={row.id} shown={row.deals !== null}>{formatCount(row.deals)}</FigureLink></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.wonFirst')}><FigureLink figure="won_first" scope={row.id} shown={row.wonFirstTouch !== null}>{money.format(row.wonFirstTouch)}</FigureLink></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.wonLast')}><FigureLink figure="won_last" scope={row.id} shown={row.wonLastTouch !== null}>{money.format(row.wonLastTouch)}</FigureLink></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.roiFirst')}>{formatRoi(row.roiFirstTouch)}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.roiLast')}><span data-testid="campaign-roi">{formatRoi(row.roiLastTouch)}</span></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.costPerLead')}>{money.format(row.costPerLead)}</Descriptions.Item>
        </Descriptions>
      ) : (
        t('campaigns.noFigures')
      )}
    </Card>
  );
}
