import { DatePicker, Empty, Result, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useCompanyMoney } from '../../api/currency';
import { useLabel } from '../../i18n';
import { EChart } from '../home/EChart';
import type { ForecastRow } from '@crm/schema';
import { useForecast, usePipelines } from './api';
import { addMonths, thisMonth } from './months';
import { TargetsGrid } from './TargetsGrid';

/** /forecast — weighted pipeline by expected close month, per rep or team, against targets. */
export default function ForecastPage() {
  const { t } = useTranslation();
  const { format: money } = useCompanyMoney();
  const label = useLabel();
  const { data: me } = useMe();
  const [from, setFrom] = useState(thisMonth());
  const [to, setTo] = useState(addMonths(thisMonth(), 2));
  const [by, setBy] = useState<'user' | 'team'>('user');
  const [pipeline, setPipeline] = useState<string | undefined>();
  const pipelines = usePipelines();
  const forecast = useForecast({ from, to, by, pipeline });
  const data = forecast.data;

  const option = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => money(v) },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 70, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: data.totals.map((m) => m.month) },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v, true) } },
        series: [
          { name: t('forecast.target'), type: 'bar', data: data.totals.map((m) => m.target ?? 0), itemStyle: { color: '#bfbfbf' } },
          { name: t('forecast.won'), type: 'bar', data: data.totals.map((m) => m.won), itemStyle: { color: '#52c41a' } },
          { name: t('forecast.committed'), type: 'bar', data: data.totals.map((m) => m.committed), itemStyle: { color: '#1677ff' } },
          { name: t('forecast.bestCase'), type: 'bar', data: data.totals.map((m) => m.bestCase), itemStyle: { color: '#91caff' } },
          { name: t('forecast.weighted'), type: 'bar', data: data.totals.map((m) => m.weighted), itemStyle: { color: '#faad14' } },
        ],
      },
    [data, t, money],
  );

  if (forecast.error) return <Result status="warning" title={t('error.loadFailed')} subTitle={(forecast.error as Error).message} />;
  const rows: (ForecastRow & { rowKey: string; total?: boolean })[] = data
    ? data.months.flatMap((month) => [
        ...data.rows.filter((r) => r.month === month).map((r) => ({ ...r, rowKey: `${month}|${r.key}` })),
        { ...data.totals.find((x) => x.month === month)!, key: null, name: t('forecast.total'), rowKey: `${month}|total`, total: true },
      ])
    : [];
  const attainment = (r: ForecastRow) => (r.target ? `${Math.round((r.won / r.target) * 100)}%` : '—');

  const controls = (
    <Space wrap style={{ marginBottom: 12 }}>
      <DatePicker.RangePicker
        picker="month"
        allowClear={false}
        value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
        onChange={(v) => {
          if (!v?.[0] || !v[1]) return;
          setFrom(v[0].format('YYYY-MM'));
          setTo(v[1].format('YYYY-MM'));
        }}
        data-testid="forecast-range"
      />
      <Segmented value={by} onChange={(v) => setBy(v as 'user' | 'team')} options={[{ value: 'user', label: t('forecast.byRep') }, { value: 'team', label: t('forecast.byTeam') }]} data-testid="forecast-by" />
      <Select
        allowClear
        placeholder={t('forecast.allPipelines')}
        style={{ minWidth: 180 }}
        value={pipeline}
        onChange={setPipeline}
        options={(pipelines.data ?? []).map((p) => ({ value: p.key, label: label(p.name) }))}
      />
    </Space>
  );

  const table = (
    <>
      {option && data!.rows.length > 0 && <EChart option={option} height={260} testId="forecast-chart" />}
      <Table
        size="small"
        rowKey="rowKey"
        loading={forecast.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        locale={{ emptyText: <Empty description={t('forecast.empty')} /> }}
        rowClassName={(r) => (r.total ? 'crm-forecast-total' : '')}
        data-testid="forecast-table"
        columns={[
          { title: t('forecast.month'), dataIndex: 'month', width: 90 },
          {
            title: t(by === 'user' ? 'forecast.rep' : 'forecast.team'),
            dataIndex: 'name',
            render: (n: string | null, r) => (r.total ? <Typography.Text strong>{n}</Typography.Text> : <Typography.Text ellipsis={{ tooltip: n }} style={{ maxWidth: 200 }}>{n ?? t('forecast.unassigned')}</Typography.Text>),
          },
          { title: t('forecast.target'), dataIndex: 'target', align: 'right', render: (v: number | null) => money(v) },
          { title: t('forecast.won'), dataIndex: 'won', align: 'right', render: (v: number) => <Typography.Text type="success">{money(v)}</Typography.Text> },
          { title: t('forecast.attainment'), key: 'att', align: 'right', render: (_: unknown, r) => <Tag color={r.target && r.won >= r.target ? 'green' : undefined}>{attainment(r)}</Tag> },
          { title: t('forecast.committed'), dataIndex: 'committed', align: 'right', render: (v: number | null) => money(v) },
          { title: t('forecast.bestCase'), dataIndex: 'bestCase', align: 'right', render: (v: number | null) => money(v) },
          { title: t('forecast.weighted'), dataIndex: 'weighted', align: 'right', render: (v: number | null) => money(v) },
          { title: t('forecast.openCount'), dataIndex: 'openCount', align: 'right' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('forecast.legend')}
      </Typography.Paragraph>
    </>
  );

  return (
    <div className="crm-page" data-testid="forecast-page">
      <Typography.Title level={4}>{t('forecast.title')}</Typography.Title>
      {controls}
      {me?.permissions.admin ? (
        <Tabs
          items={[
            { key: 'forecast', label: t('forecast.title'), children: table },
            { key: 'targets', label: <span data-testid="forecast-tab-targets">{t('forecast.targets')}</span>, children: <TargetsGrid from={from} to={to} by={by} /> },
          ]}
        />
      ) : (
        table
      )}
    </div>
  );
}
