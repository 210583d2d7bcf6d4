import { Card, Col, Empty, Grid, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useObjectMeta } from '../../api/meta';
import { useCompanyMoney } from '../../api/currency';
import { useLabel } from '../../i18n';
import { EChart } from './EChart';
import { MyTasks } from './MyTasks';
import { metric } from '../../api/aggregate';
import { useCountsByOption, useDealsByCloseMonth, useDealsByStage } from './useDashboardData';

const ANTD_COLORS: Record<string, string> = { blue: '#1677ff', cyan: '#13c2c2', geekblue: '#2f54eb', orange: '#fa8c16', green: '#52c41a', red: '#f5222d', gold: '#faad14', purple: '#722ed1', default: '#bfbfbf' };

/** / — a few charts (server aggregates): deals by stage, customers by status, deals by close month, and my open tasks. */
export default function Dashboard() {
  const { t } = useTranslation();
  const label = useLabel();
  const { data: me } = useMe();
  // Phone-wide charts slant their category labels so long stage names do not overlap.
  const phone = Grid.useBreakpoint().md === false;
  const slant = phone ? 40 : 0;
  const deals = useObjectMeta('deals');
  const customers = useObjectMeta('customers');
  const dealStats = useDealsByStage(!!deals);
  const customerCounts = useCountsByOption(customers, 'status');
  const closeMonths = useDealsByCloseMonth(!!deals?.fields.some((f) => f.name === 'expected_close_date'));
  const stages = deals?.fields.find((f) => f.name === 'stage')?.options ?? [];
  const money = useCompanyMoney();

  const dealOption = useMemo(() => ({
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => money.format(v) },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: stages.map((s) => label(s.label)), axisLabel: { interval: 0, rotate: slant } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money.format(v, true) } },
    series: [{
      type: 'bar', barMaxWidth: 40,
      data: stages.map((s) => ({ value: metric(dealStats.byStage.get(s.value), 'sum_amount'), itemStyle: { color: ANTD_COLORS[s.color ?? 'default'] ?? '#1677ff' } })),
    }],
  }), [stages, dealStats.byStage, label, slant, money]);

  const customerOption = useMemo(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [{
      type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'],
      data: customerCounts.counts.filter((c) => c.total > 0).map((c) => ({ name: label(c.option.label), value: c.total, itemStyle: { color: ANTD_COLORS[c.option.color ?? 'default'] } })),
    }],
  }), [customerCounts.counts, label]);

  const closeOption = useMemo(() => ({
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => money.format(v) },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: closeMonths.months.map((m) => m.month), axisLabel: { rotate: slant } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money.format(v, true) } },
    series: [{ type: 'bar', barMaxWidth: 40, name: t('home.amount'), data: closeMonths.months.map((m) => m.amount), itemStyle: { color: '#1677ff' } }],
  }), [closeMonths.months, t, slant, money]);

  const open = stages.filter((s) => s.value !== 'won' && s.value !== 'lost');
  const openAmount = open.reduce((sum, s) => sum + (metric(dealStats.byStage.get(s.value), 'sum_amount')), 0);
  const wonAmount = metric(dealStats.byStage.get('won'), 'sum_amount');
  const customerTotal = customerCounts.counts.reduce((sum, c) => sum + c.total, 0);

  return (
    <div className="crm-page" data-testid="dashboard">
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('home.greeting', { name: me?.user.name ?? '' })}</Typography.Title>
      <Row gutter={[16, 16]}>
        {customers && <Col xs={24} sm={8}><Card size="small"><Statistic title={t('home.customers')} value={customerTotal} /></Card></Col>}
        {deals && <Col xs={24} sm={8}><Card size="small"><Statistic title={t('home.openPipeline')} value={money.format(openAmount, true)} /></Card></Col>}
        {deals && <Col xs={24} sm={8}><Card size="small"><Statistic title={t('home.won')} value={money.format(wonAmount, true)} /></Card></Col>}
        {deals && (
          <Col xs={24} lg={14}>
            <Card size="small" title={t('home.dealsByStage')}>
              <EChart option={dealOption} testId="chart-deals" />
            </Card>
          </Col>
        )}
        {customers && (
          <Col xs={24} lg={10}>
            <Card size="small" title={t('home.customersByStatus', { object: label(customers.pluralLabel) })}>
              <EChart option={customerOption} testId="chart-customers" />
            </Card>
          </Col>
        )}
        {deals && (
          <Col xs={24} lg={14}>
            <Card size="small" title={t('home.closeByMonth')}>
              {closeMonths.months.length || closeMonths.isLoading ? <EChart option={closeOption} testId="chart-close-months" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noCloseDates')} />}
            </Card>
          </Col>
        )}
        <Col xs={24} lg={10}><MyTasks /></Col>
      </Row>
    </div>
  );
}
