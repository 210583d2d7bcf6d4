import { Card, Col, DatePicker, Empty, Result, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useRecordList } from '../../api/records';
import { EChart } from '../home/EChart';
import { useOptionLabel } from '../sales-reports/useOptionLabel';
import type { Filter, ServiceDashboard as Board, ServiceTimes as Times, SlaAttainment as Attainment, TicketLink } from '@crm/schema';
import { useServiceDashboard } from './api';
import { agentsOption, dailyOption } from './charts';
import { ticketsPath } from './links';

const DAY = 'YYYY-MM-DD';

function presets(t: (k: string) => string) {
  const now = dayjs();
  return [
    { label: t('serviceReports.thisMonth'), value: [now.startOf('month'), now.endOf('month')] as [Dayjs, Dayjs] },
    { label: t('serviceReports.lastMonth'), value: [now.subtract(1, 'month').startOf('month'), now.subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs] },
    { label: t('serviceReports.last7'), value: [now.subtract(6, 'day'), now] as [Dayjs, Dayjs] },
    { label: t('serviceReports.last30'), value: [now.subtract(29, 'day'), now] as [Dayjs, Dayjs] },
  ];
}

/** /service/dashboard — service figures in the reader's ticket scope; counts open the tickets behind them. */
export default function ServiceDashboard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [group, setGroup] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs().endOf('month')]);
  const { data, error, isLoading } = useServiceDashboard({ from: range[0].format(DAY), to: range[1].format(DAY), group });
  const { data: groups } = useRecordList('support_groups', { limit: 200, fields: ['name'], sort: 'name' });
  const statusLabel = useOptionLabel('tickets', 'status');
  const priorityLabel = useOptionLabel('tickets', 'priority');
  const daily = useMemo(() => data && dailyOption(data, t), [data, t]);
  const agents = useMemo(() => data?.agents?.length ? agentsOption(data.agents, t) : null, [data, t]);

  if (error) return <Result status="warning" title={t('error.loadFailed')} subTitle={error.message} />;
  const duration = (m: number | null | undefined) => (m === null || m === undefined ? '—' : m < 120 ? t('serviceReports.minutes', { value: Math.round(m) }) : m < 2880 ? t('serviceReports.hours', { value: (m / 60).toFixed(1) }) : t('serviceReports.days', { value: (m / 1440).toFixed(1) }));
  const times = (x: Times | null | undefined) => t('serviceReports.medianP90', { median: duration(x?.median), p90: duration(x?.p90) });
  // Business time (the support calendar's working minutes) leads where it was computed, wall clock beside it.
  const timeTitle = (key: 'firstResponse' | 'resolution', business: Times | null) => (business ? `${t(`serviceReports.${key}`)}（${t('serviceReports.businessTime')}）` : t(`serviceReports.${key}`));
  const timesExtra = (wall: Times | null, business: Times | null) =>
    business ? `${times(business)} · ${t('serviceReports.wallShort', { value: duration(wall?.median) })}` : `${times(wall)} · ${t('serviceReports.wallTime')}`;
  const open = (item: Record<string, unknown>) => item.filter && navigate(ticketsPath(item.filter as Filter));
  const rate = (a: Attainment | undefined) => (a?.rate === null || a?.rate === undefined ? '—' : `${a.rate}%`);
  const empty = data && !data.created && !data.solved && !data.backlog?.length;
  const backlogTotal = data?.backlog?.reduce((n, b) => n + b.count, 0) ?? 0;

  return (
    <div className="crm-page" data-testid="service-dashboard">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('serviceReports.title')}</Typography.Title>
        <div style={{ flex: 1 }} />
        <Space wrap>
          <Select allowClear style={{ width: 180 }} placeholder={t('serviceReports.allGroups')} value={group} onChange={setGroup}
            options={(groups?.data ?? []).map((g) => ({ value: g.id, label: String(g.name) }))} data-testid="service-group-filter" />
          <DatePicker.RangePicker value={range} allowClear={false} presets={presets(t)} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} data-testid="service-period" />
        </Space>
      </div>
      {data && (
        <Row gutter={[16, 16]}>
          <Kpi span={4} title={t('serviceReports.created')} value={data.created} onClick={() => navigate(ticketsPath(data.filters.created))} testId="service-kpi-created" />
          <Kpi span={4} title={t('serviceReports.solved')} value={data.solved} onClick={() => navigate(ticketsPath(data.filters.solved))} testId="service-kpi-solved" />
          <Kpi span={4} title={t('serviceReports.backlog')} value={backlogTotal} onClick={() => navigate(ticketsPath(data.filters.backlog))} testId="service-kpi-backlog" />
          <Kpi span={6} title={timeTitle('firstResponse', data.totals.firstResponseBusiness)} value={duration((data.totals.firstResponseBusiness ?? data.totals.firstResponse)?.median)}
            extra={timesExtra(data.totals.firstResponse, data.totals.firstResponseBusiness)} onClick={() => navigate(ticketsPath(data.filters.firstResponded))} testId="service-kpi-first-response" />
          <Kpi span={6} title={timeTitle('resolution', data.totals.resolutionBusiness)} value={duration((data.totals.resolutionBusiness ?? data.totals.resolution)?.median)}
            extra={timesExtra(data.totals.resolution, data.totals.resolutionBusiness)} onClick={() => navigate(ticketsPath(data.filters.solved))} testId="service-kpi-resolution" />
          {data.totals.sla && (
            <>
              <Kpi span={6} title={t('serviceReports.slaFirstResponse')} value={rate(data.totals.sla.firstResponse)} testId="service-kpi-sla-first"
                extra={<SlaLinks a={data.totals.sla.firstResponse} met={data.filters.sla.firstResponseMet} breached={data.filters.sla.firstResponseBreached} testId="sla-first" />} />
              <Kpi span={6} title={t('serviceReports.slaResolution')} value={rate(data.totals.sla.resolution)} testId="service-kpi-sla-resolution"
                extra={<SlaLinks a={data.totals.sla.resolution} met={data.filters.sla.resolutionMet} breached={data.filters.sla.resolutionBreached} testId="sla-resolution" />} />
            </>
          )}
          {data.totals.csat && <Kpi span={6} title={t('serviceReports.csat')} value={data.totals.csat.average ?? '—'} extra={t('serviceReports.csatOf', { count: data.totals.csat.count })} onClick={() => navigate(ticketsPath(data.filters.csat))} testId="service-kpi-csat" />}
          {data.nps && (
            <Kpi span={6} title={t('serviceReports.nps')} value={data.nps.score ?? '—'} extra={t('serviceReports.npsOf', { ...data.nps })} onClick={() => navigate('/service/surveys')} testId="service-kpi-nps" />
          )}
          {empty ? (
            <Col span={24}><Card><Empty description={t('serviceReports.noData')} data-testid="service-empty" /></Card></Col>
          ) : (
            <>
              <Col xs={24} lg={12}><Card size="small" title={t('serviceReports.dailyChart')}>{daily && <EChart option={daily} renderer="svg" testId="service-chart-daily" onItemClick={open} />}</Card></Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('serviceReports.agentsChart')}>
                  {agents ? <EChart option={agents} renderer="svg" testId="service-chart-agents" onItemClick={open} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('serviceReports.noData')} style={{ height: 268 }} />}
                </Card>
              </Col>
              {data.groups && <Col xs={24} lg={12}><GroupTable data={data} t={t} duration={duration} rate={rate} /></Col>}
              {data.backlogByGroup && (
                <Col xs={24} lg={12}>
                  <Card size="small" title={t('serviceReports.byGroupBacklog')}>
                    <Table size="small" pagination={false} rowKey={(g) => g.groupId ?? 'none'} dataSource={data.backlogByGroup} data-testid="service-backlog-groups"
                      columns={[
                        { title: t('serviceReports.group'), ellipsis: true, render: (_, g) => g.name ?? t('serviceReports.noGroup') },
                        { title: '#', align: 'right', width: 80, render: (_, g) => <Link to={ticketsPath(g.filter)}>{g.count}</Link> },
                      ]} />
                  </Card>
                </Col>
              )}
              {data.backlog && (
                <Col xs={24} lg={12}>
                  <Card size="small" title={t('serviceReports.byStatus')}>
                    <Table size="small" pagination={false} rowKey={(b) => `${b.status}:${b.priority}`} dataSource={data.backlog}
                      columns={[
                        { title: t('serviceReports.backlog'), render: (_, b) => `${statusLabel(b.status)} · ${priorityLabel(b.priority)}` },
                        { title: '#', align: 'right', render: (_, b) => <Link to={ticketsPath(b.filter)}>{b.count}</Link> },
                      ]} />
                  </Card>
                </Col>
              )}
            </>
          )}
        </Row>
      )}
      {isLoading && <Typography.Text type="secondary">…</Typography.Text>}
    </div>
  );
}

/** Met and late counts, each opening its tickets. */
function SlaLinks({ a, met, breached, testId }: { a: Attainment; met: TicketLink; breached: TicketLink; testId: string }) {
  const { t } = useTranslation();
  return (
    <span>
      <Link to={ticketsPath(met)} data-testid={`${testId}-met`}>{t('serviceReports.met', { count: a.met })}</Link>
      {' · '}
      <Link to={ticketsPath(breached)} data-testid={`${testId}-breached`} style={{ color: a.breached ? '#cf1322' : undefined }}>{t('serviceReports.breached', { count: a.breached })}</Link>
    </span>
  );
}

function Kpi({ title, value, extra, span, onClick, testId }: { title: string; value: string | number; extra?: React.ReactNode; span: number; onClick?: () => void; testId: string }) {
  return (
    <Col xs={12} md={8} lg={span}>
      <Card size="small" hoverable={!!onClick} onClick={onClick} data-testid={testId} style={{ height: '100%' }}>
        <Statistic title={title} value={value} />
        {extra && <Typography.Text type="secondary" style={{ fontSize: 12 }} title={typeof extra === 'string' ? extra : undefined}>{extra}</Typography.Text>}
      </Card>
    </Col>
  );
}

function GroupTable({ data, t, duration, rate }: { data: Board; t: (k: string) => string; duration: (m: number | null | undefined) => string; rate: (a: Attainment | undefined) => string }) {
  return (
    <Card size="small" title={t('serviceReports.byGroup')}>
      <Table size="small" pagination={false} rowKey={(g) => g.groupId ?? 'none'} dataSource={data.groups ?? []} scroll={{ x: 560 }}
        columns={[
          { title: t('serviceReports.group'), width: 200, render: (_, g) => g.name ?? '—', ellipsis: true },
          { title: t('serviceReports.solved'), align: 'right', render: (_, g) => <Link to={ticketsPath(g.filter)}>{g.solved}</Link> },
          { title: t('serviceReports.firstResponse'), align: 'right', render: (_, g) => duration((g.firstResponseBusiness ?? g.firstResponse)?.median) },
          { title: t('serviceReports.slaFirstResponse'), align: 'right', render: (_, g) => rate(g.sla?.firstResponse) },
          { title: t('serviceReports.csat'), align: 'right', render: (_, g) => g.csat?.average ?? '—' },
        ]} />
    </Card>
  );
}
