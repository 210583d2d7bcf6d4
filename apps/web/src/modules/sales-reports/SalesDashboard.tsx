import { Card, Col, DatePicker, Empty, Progress, Result, Row, Select, Space, Statistic, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useTeams } from '../../api/admin';
import { useCompanyMoney } from '../../api/currency';
import { listPath } from '../../engine/list/urlFilter';
import { useLabel } from '../../i18n';
import { EChart } from '../home/EChart';
import { useSalesDashboard } from './api';
import { useOptionLabel, useOptionRank } from './useOptionLabel';
import { activitiesOption, forecastOption, funnelOption, pipelineOption, sourcesOption, wonOption, type ChartTexts } from './charts';

const DAY = 'YYYY-MM-DD';

/** Period presets of the range picker. */
function presets(t: (k: string) => string) {
  const now = dayjs();
  const quarterStart = now.startOf('month').subtract(now.month() % 3, 'month');
  return [
    { label: t('salesReports.thisMonth'), value: [now.startOf('month'), now.endOf('month')] as [Dayjs, Dayjs] },
    { label: t('salesReports.lastMonth'), value: [now.subtract(1, 'month').startOf('month'), now.subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs] },
    { label: t('salesReports.thisQuarter'), value: [quarterStart, quarterStart.add(2, 'month').endOf('month')] as [Dayjs, Dayjs] },
    { label: t('salesReports.thisYear'), value: [now.startOf('year'), now.endOf('year')] as [Dayjs, Dayjs] },
  ];
}

/** /sales/dashboard — the sales dashboard; every bar, slice and step opens the records behind it. */
export default function SalesDashboard() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { data: teams = [] } = useTeams();
  const [teamId, setTeamId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().endOf('month')]);
  const query = { teamId, from: range[0].format(DAY), to: range[1].format(DAY) };
  const { data, error, isLoading } = useSalesDashboard(query);
  const stageLabel = useOptionLabel('deals', 'stage');
  const typeLabel = useOptionLabel('activities', 'type');
  const sourceLabel = useOptionLabel('leads', 'source');
  const stageRank = useOptionRank('deals', 'stage');
  const typeRank = useOptionRank('activities', 'type');
  const { format: money } = useCompanyMoney();

  const texts: ChartTexts = useMemo(() => {
    const names = new Map(data?.owners.map((o) => [o.id, o.name]));
    return { t, money: (v, compact) => money(v, compact), label, stageLabel, typeLabel, sourceLabel, stageRank, typeRank, ownerName: (id) => (id ? (names.get(id) ?? '—') : t('salesReports.noOwner')) };
    // The label functions change with the language only, so charts redraw on new data or language.
  }, [data, i18n.language, money]);
  const open = (item: Record<string, unknown>) => typeof item.link === 'string' && navigate(item.link);
  const options = useMemo(() => data && {
    won: data.won && wonOption(data.won, texts),
    funnel: data.funnel && funnelOption(data.funnel, texts),
    pipeline: data.pipeline && pipelineOption(data.pipeline, texts),
    forecast: data.forecast && forecastOption(data.forecast, texts),
    activities: data.activities && activitiesOption(data.activities, texts),
    sources: data.leadSources && sourcesOption(data.leadSources, texts),
  }, [data, texts]);

  if (error) return <Result status="warning" title={t('error.loadFailed')} subTitle={error.message} />;

  const chart = (key: keyof NonNullable<typeof options>, title: string, empty: boolean, span: { lg: number }) => (
    options?.[key] !== null && (
      <Col xs={24} lg={span.lg}>
        <Card size="small" title={title}>
          {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('salesReports.noData')} style={{ height: 268 }} /> : options && <EChart option={options[key]!} renderer="svg" onItemClick={open} testId={`sales-chart-${key}`} />}
        </Card>
      </Col>
    )
  );
  const won = data?.won;
  const percent = won?.target ? Math.round(((won.amount ?? 0) / won.target) * 100) : null;

  return (
    <div className="crm-page" data-testid="sales-dashboard">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('salesReports.dashboard')}</Typography.Title>
        <div style={{ flex: 1 }} />
        <Space wrap>
          <Select allowClear style={{ width: 200 }} placeholder={t('salesReports.allTeams')} value={teamId} onChange={setTeamId}
            options={teams.map((team) => ({ value: team.id, label: team.name }))} data-testid="sales-team-filter" />
          <DatePicker.RangePicker value={range} allowClear={false} presets={presets(t)} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} data-testid="sales-period" />
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        {won && (
          <Col xs={24} lg={8}>
            <Card size="small" title={t('salesReports.wonVsTarget')}>
              <Space size={32} wrap>
                <a onClick={() => navigate(listPath(won.object, won.filter))} data-testid="sales-won-amount">
                  <Statistic title={t('salesReports.wonAmount')} value={money(won.amount ?? 0)} valueStyle={{ color: '#389e0d' }} />
                </a>
                <Statistic title={t('salesReports.wonCount')} value={won.count} />
                <Statistic title={t('salesReports.target')} value={won.target === null ? t('salesReports.noTarget') : money(won.target)} />
              </Space>
              {percent !== null && <Progress percent={percent} status={percent >= 100 ? 'success' : 'active'} style={{ marginTop: 8 }} />}
              {options?.won && <EChart option={options.won} height={180} renderer="svg" onItemClick={open} testId="sales-chart-won" />}
            </Card>
          </Col>
        )}
        {chart('funnel', t('salesReports.funnel'), !data?.funnel?.[0]?.count, { lg: 8 })}
        {chart('sources', t('salesReports.leadSources'), !data?.leadSources?.length, { lg: 8 })}
        {chart('pipeline', t('salesReports.pipeline'), !data?.pipeline?.length, { lg: 12 })}
        {chart('forecast', t('salesReports.forecast'), !data?.forecast?.some((m) => m.count), { lg: 12 })}
        {chart('activities', t('salesReports.activities'), !data?.activities?.length, { lg: 24 })}
      </Row>
      {isLoading && <Typography.Text type="secondary">{t('salesReports.loading')}</Typography.Text>}
    </div>
  );
}
