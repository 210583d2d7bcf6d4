import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';

interface Value {
  created: number;
  solved: number;
  firstResponseMedian: number | null;
  slaFirstResponse: number | null;
  slaResolution: number | null;
}

/** The service part of a weekly report (stored by modules/service-reports on the server). */
export function WeeklyServiceSection({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const v = value as Value;
  const pct = (x: number | null) => (x === null ? '—' : `${x}%`);
  return (
    <Col xs={24}>
      <Card size="small" title={t('serviceReports.weeklyTitle')} data-testid="report-service">
        <Row gutter={[16, 8]}>
          <Col xs={12} md={4}><Statistic title={t('serviceReports.created')} value={v.created} /></Col>
          <Col xs={12} md={4}><Statistic title={t('serviceReports.solved')} value={v.solved} /></Col>
          <Col xs={12} md={6}><Statistic title={t('serviceReports.firstResponse')} value={v.firstResponseMedian === null ? '—' : t('serviceReports.minutes', { value: Math.round(v.firstResponseMedian) })} /></Col>
          <Col xs={12} md={5}><Statistic title={t('serviceReports.slaFirstResponse')} value={pct(v.slaFirstResponse)} /></Col>
          <Col xs={12} md={5}><Statistic title={t('serviceReports.slaResolution')} value={pct(v.slaResolution)} /></Col>
        </Row>
      </Card>
    </Col>
  );
}
