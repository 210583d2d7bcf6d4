import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCompanyMoney } from '../../../api/currency';
import type { DetailExtensionProps } from '../../../engine/detailExtensions';
import { useCampaignReport } from './api';
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
          <Descriptions.Item label={t('campaigns.cost')}><span data-testid="campaign-cost">{money.format(row.cost)}</span></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.members')}><span data-testid="campaign-members">{formatCount(row.members)}</span></Descriptions.Item>
          <Descriptions.Item label={t('campaigns.responses')}>{formatCount(row.responses)}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.leads')}>{formatCount(row.leads)}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.deals')}>{formatCount(row.deals)}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.wonFirst')}>{money.format(row.wonFirstTouch)}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.wonLast')}>{money.format(row.wonLastTouch)}</Descriptions.Item>
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
