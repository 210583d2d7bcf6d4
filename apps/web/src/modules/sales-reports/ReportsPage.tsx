import { App, Button, DatePicker, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useTeams } from '../../api/admin';
import { useCompanyMoney } from '../../api/currency';
import type { WeeklyReport } from '@crm/schema';
import { useGenerateReport, useWeeklyReports } from './api';

/** /sales/reports — stored weekly reports the user may read (newest week first), and "generate now". */
export default function ReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data, isLoading } = useWeeklyReports();
  const { data: teams = [] } = useTeams();
  const generate = useGenerateReport();
  // Default: last week, the one Monday's rule reports on.
  const [week, setWeek] = useState<Dayjs>(() => dayjs().subtract(7, 'day'));
  const [teamId, setTeamId] = useState<string | undefined>();

  const run = async () => {
    try {
      const report = await generate.mutateAsync({ week: week.format('YYYY-MM-DD'), teamId });
      navigate(`/sales/reports/${report.id}`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const { format: money } = useCompanyMoney();

  return (
    <div className="crm-page" data-testid="sales-reports">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('salesReports.weeklyReports')}</Typography.Title>
        <div style={{ flex: 1 }} />
        <Space wrap>
          <DatePicker picker="week" value={week} allowClear={false} onChange={(v) => v && setWeek(v)} data-testid="report-week" />
          <Select allowClear style={{ width: 180 }} placeholder={t('salesReports.myself')} value={teamId} onChange={setTeamId}
            options={teams.map((team) => ({ value: team.id, label: team.name }))} data-testid="report-team" />
          <Button type="primary" loading={generate.isPending} onClick={run} data-testid="report-generate">{t('salesReports.generate')}</Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('salesReports.weeklyIntro')}</Typography.Paragraph>
      <Table<WeeklyReport>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={data?.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('salesReports.noReports')} /> }}
        onRow={(r) => ({ onClick: () => navigate(`/sales/reports/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'week', title: t('salesReports.week'), render: (_, r) => `${r.figures.week.from} ~ ${r.figures.week.to}` },
          {
            key: 'subject', title: t('salesReports.subject'), ellipsis: true,
            render: (_, r) => <Space><Tag color={r.subjectType === 'team' ? 'purple' : 'blue'}>{t(`salesReports.${r.subjectType}`)}</Tag>{r.subjectName}</Space>,
          },
          { key: 'leads', title: t('salesReports.newLeads'), align: 'right', render: (_, r) => r.figures.newLeads?.count ?? '—' },
          { key: 'followUps', title: t('salesReports.followUps'), align: 'right', render: (_, r) => r.figures.followUps?.total ?? '—' },
          { key: 'won', title: t('salesReports.wonAmount'), align: 'right', render: (_, r) => money(r.figures.dealsWon?.amount) },
          { key: 'pipeline', title: t('salesReports.pipelineChange'), align: 'right', render: (_, r) => money(r.figures.pipeline?.change) },
          { key: 'payments', title: t('salesReports.payments'), align: 'right', render: (_, r) => money(r.figures.payments?.amount) },
        ]}
        data-testid="report-list"
      />
    </div>
  );
}
