import { DatePicker, Card, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCompanyMoney } from '../../../api/currency';
import { EChart } from '../../home/EChart';
import type { CampaignFigures, CampaignReportRow as CampaignRow, CampaignTypeRow as CampaignReportType } from '@crm/schema';
import { useCampaignReport } from './api';
import { campaignScope, channelScope, FigureLink, type Figure } from './figureLinks';
import { formatCount, formatRoi } from './format';

/** 活动报表: per campaign and per type, a period filter, and ROI per campaign as bars. */
export default function CampaignReportPage() {
  const { t } = useTranslation();
  const money = useCompanyMoney();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const params = { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
  const { data, isLoading } = useCampaignReport(params);
  const typeLabel = (type: string) => t(`campaigns.types.${type}`, { defaultValue: type });

  /** The figure columns; each figure opens the list of its records for the row's campaign or channel. */
  const figures = <T extends CampaignFigures>(scopeOf: (r: T) => string): TableColumnsType<T> => {
    const cell = (figure: Figure, value: number | null, text: string, r: T) => <FigureLink figure={figure} scope={scopeOf(r)} shown={value !== null}>{text}</FigureLink>;
    return [
      { key: 'members', title: t('campaigns.members'), align: 'right', render: (_, r) => cell('members', r.members, formatCount(r.members), r) },
      { key: 'responses', title: t('campaigns.responses'), align: 'right', render: (_, r) => cell('responses', r.responses, formatCount(r.responses), r) },
      { key: 'leads', title: t('campaigns.leads'), align: 'right', render: (_, r) => cell('leads', r.leads, formatCount(r.leads), r) },
      { key: 'deals', title: t('campaigns.deals'), align: 'right', render: (_, r) => cell('deals', r.deals, formatCount(r.deals), r) },
      { key: 'wonFirst', title: t('campaigns.wonFirst'), align: 'right', render: (_, r) => cell('won_first', r.wonFirstTouch, money.format(r.wonFirstTouch), r) },
      { key: 'wonLast', title: t('campaigns.wonLast'), align: 'right', render: (_, r) => cell('won_last', r.wonLastTouch, money.format(r.wonLastTouch), r) },
      { key: 'cost', title: t('campaigns.cost'), align: 'right', render: (_, r) => cell('cost', r.cost, money.format(r.cost), r) },
      // A ratio opens what it is made of: ROI its attributed won deals, cost per lead its leads.
      { key: 'roiFirst', title: t('campaigns.roiFirst'), align: 'right', render: (_, r) => cell('won_first', r.roiFirstTouch, formatRoi(r.roiFirstTouch), r) },
      { key: 'roiLast', title: t('campaigns.roiLast'), align: 'right', render: (_, r) => cell('won_last', r.roiLastTouch, formatRoi(r.roiLastTouch), r) },
      { key: 'cpl', title: t('campaigns.costPerLead'), align: 'right', render: (_, r) => cell('leads', r.costPerLead, money.format(r.costPerLead), r) },
    ];
  };
  const perCampaign: TableColumnsType<CampaignRow> = [
    { key: 'name', title: t('campaigns.campaign'), fixed: 'left', width: 160, render: (_, r) => <Link to={`/o/campaigns/${r.id}`}>{r.name}</Link> },
    { key: 'type', title: t('campaigns.type'), render: (_, r) => typeLabel(r.type) },
    ...figures<CampaignRow>((r) => campaignScope(r.id)),
  ];
  const perType: TableColumnsType<CampaignReportType> = [
    { key: 'type', title: t('campaigns.type'), fixed: 'left', width: 110, render: (_, r) => typeLabel(r.type) },
    { key: 'campaigns', title: t('campaigns.count'), align: 'right', dataIndex: 'campaigns' },
    ...figures<CampaignReportType>((r) => channelScope(r.type, params.from, params.to)),
  ];
  const rows = data?.campaigns ?? [];
  const roiSeries = (key: 'roiFirstTouch' | 'roiLastTouch') => rows.map((r) => (r[key] === null ? null : Math.round(r[key]! * 1000) / 10));
  const chart = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, width: 90, overflow: 'truncate', rotate: rows.length > 2 ? 30 : 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { name: t('campaigns.roiFirst'), type: 'bar', data: roiSeries('roiFirstTouch') },
      { name: t('campaigns.roiLast'), type: 'bar', data: roiSeries('roiLastTouch') },
    ],
  };

  return (
    <div className="crm-page" data-testid="campaign-report">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('campaigns.reportTitle')}</Typography.Title>
          <DatePicker.RangePicker allowEmpty={[true, true]} value={range} onChange={(v) => setRange(v)} data-testid="campaign-report-period" />
        </div>
        <Typography.Text type="secondary">{t('campaigns.reportHint')}</Typography.Text>
        <Card size="small" title={t('campaigns.roiChart')}>
          {rows.length ? <EChart option={chart} height={280} testId="campaign-roi-chart" renderer="svg" /> : <Typography.Text type="secondary">{t('campaigns.empty')}</Typography.Text>}
        </Card>
        <Card size="small" title={t('campaigns.perCampaign')}>
          <Table rowKey="id" size="small" loading={isLoading} columns={perCampaign} dataSource={rows} pagination={false} scroll={{ x: 1300 }} locale={{ emptyText: t('campaigns.empty') }} data-testid="campaign-report-table" />
        </Card>
        <Card size="small" title={t('campaigns.perType')}>
          <Table rowKey="type" size="small" loading={isLoading} columns={perType} dataSource={data?.byType ?? []} pagination={false} scroll={{ x: 1200 }} locale={{ emptyText: t('campaigns.empty') }} data-testid="campaign-type-table" />
        </Card>
      </Space>
    </div>
  );
}
