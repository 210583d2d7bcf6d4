import { ArrowLeftOutlined } from '@ant-design/icons';
import type { Filter } from '@crm/schema';
import { Button, Card, Col, Result, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCompanyMoney } from '../../api/currency';
import { listPath } from '../../engine/list/urlFilter';
import { PageLoading } from '../../shell/PageLoading';
import type { ReportFigure } from '@crm/schema';
import { useWeeklyReport } from './api';
import { useOptionLabel } from './useOptionLabel';
import { reportSection } from './reportSections';


/** /sales/reports/:id — one weekly report; each figure opens the records behind it. */
export default function ReportView() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: report, error, isLoading } = useWeeklyReport(id);
  const typeLabel = useOptionLabel('activities', 'type');
  const { format: money } = useCompanyMoney();
  if (isLoading) return <PageLoading />;
  if (error || !report) return <Result status="404" title={t('salesReports.notFound')} extra={<Button onClick={() => navigate('/sales/reports')}>{t('salesReports.backToList')}</Button>} />;
  const f = report.figures;
  const open = (object: string, filter: Filter) => navigate(listPath(object, filter));

  /** A card with a count (and amount) that opens its list. */
  const figure = (key: string, title: string, point: ReportFigure | null, withAmount = false) => (
    <Col xs={12} md={8} lg={6} key={key}>
      <Card size="small" hoverable={!!point} onClick={() => point && open(point.object, point.filter)} data-testid={`report-${key}`}>
        <Statistic title={title} value={point ? point.count : '—'} suffix={withAmount && point ? <Typography.Text type="secondary" style={{ fontSize: 14 }}>{money(point.amount)}</Typography.Text> : undefined} />
      </Card>
    </Col>
  );

  return (
    <div className="crm-page" data-testid="sales-report">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/sales/reports')} style={{ paddingInline: 0 }}>{t('salesReports.backToList')}</Button>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {t('salesReports.reportTitle', { name: report.subjectName, from: f.week.from, to: f.week.to })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('salesReports.generatedAt', { at: new Date(report.generatedAt).toLocaleString(), by: report.generatedBy ? t('salesReports.onDemand') : t('salesReports.byRule') })}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {figure('leads', t('salesReports.newLeads'), f.newLeads)}
        {figure('created', t('salesReports.dealsCreated'), f.dealsCreated, true)}
        {figure('won', t('salesReports.dealsWon'), f.dealsWon, true)}
        {figure('lost', t('salesReports.dealsLost'), f.dealsLost, true)}
        {f.payments && figure('payments', t('salesReports.payments'), f.payments, true)}
        {f.pipeline && (
          <Col xs={24} lg={12}>
            <Card size="small" title={t('salesReports.pipelineChange')} data-testid="report-pipeline">
              <Row gutter={16}>
                <Col span={8}><a onClick={() => open('deals', f.pipeline!.startFilter)}><Statistic title={t('salesReports.weekStart')} value={money(f.pipeline.start)} /></a></Col>
                <Col span={8}><a onClick={() => open('deals', f.pipeline!.endFilter)}><Statistic title={t('salesReports.weekEnd')} value={money(f.pipeline.end)} /></a></Col>
                <Col span={8}>
                  <Statistic title={t('salesReports.change')} value={money(f.pipeline.change)} valueStyle={{ color: (f.pipeline.change ?? 0) >= 0 ? '#389e0d' : '#cf1322' }} />
                </Col>
              </Row>
            </Card>
          </Col>
        )}
        {f.followUps && (
          <Col xs={24} lg={12}>
            <Card size="small" title={`${t('salesReports.followUps')} · ${f.followUps.total}`} extra={<a onClick={() => open('activities', f.followUps!.filter)}>{t('salesReports.viewAll')}</a>}>
              <Table size="small" rowKey={(r) => r.type ?? ''} pagination={false} dataSource={f.followUps.byType} locale={{ emptyText: t('salesReports.noData') }}
                onRow={(r) => ({ onClick: () => open(r.object, r.filter), style: { cursor: 'pointer' } })}
                columns={[{ key: 'type', title: t('salesReports.type'), render: (_, r) => typeLabel(r.type) }, { key: 'count', title: t('salesReports.count'), dataIndex: 'count', align: 'right' }]} />
            </Card>
          </Col>
        )}
        {Object.entries(f.sections ?? {}).map(([key, value]) => {
          const Section = reportSection(key);
          return Section && <Section key={key} value={value} />;
        })}
      </Row>
    </div>
  );
}
