import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Result, Row, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useLabel } from '../../i18n';
import { EChart } from '../home/EChart';
import { distributionOption, trendOption } from './resultCharts';
import { STATUS_COLORS } from './SurveysPage';
import { useSurveyResponses, useSurveyResults, type Question, type SurveyResponse, type SurveyResults as Results } from './api';

/** /service/surveys/:id — per question distribution and average, NPS with its parts, the weekly trend and the responses. */
export default function SurveyResults() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const { data, error } = useSurveyResults(id);
  const trend = useMemo(() => (data && data.trend.length ? trendOption(data, t) : null), [data, t]);
  if (error) return <Result status="warning" title={t('error.loadFailed')} subTitle={error.message} />;
  if (!data) return null;
  const nps = data.questions.find((q) => q.nps)?.nps ?? null;
  const rate = data.invited ? `${Math.round((data.responses / data.invited) * 100)}%` : '—';

  return (
    <div className="crm-page" data-testid="survey-results">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/service/surveys')} style={{ paddingLeft: 0 }}>{t('surveys.res.back')}</Button>
      <Typography.Title level={4} style={{ marginTop: 0, overflowWrap: 'anywhere' }}>
        {label(data.survey.title)} <Tag color={STATUS_COLORS[data.survey.status]}>{t(`surveys.status.${data.survey.status}`)}</Tag>
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('surveys.res.responses')} value={data.responses} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('surveys.res.invited')} value={data.invited} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('surveys.res.rate')} value={rate} /></Card></Col>
        {nps && (
          <Col xs={12} md={6}>
            <Card size="small" data-testid="survey-nps">
              <Statistic title={t('surveys.res.nps')} value={nps.score ?? '—'} valueStyle={{ color: nps.score === null ? undefined : nps.score >= 0 ? '#389e0d' : '#cf1322' }} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('surveys.res.npsDetail', { ...nps })}</Typography.Text>
            </Card>
          </Col>
        )}
        {trend && <Col span={24}><Card size="small" title={t('surveys.res.trend')}><EChart option={trend} renderer="svg" height={260} testId="survey-trend" /></Card></Col>}
        {data.survey.questions.map((q, i) => (
          <Col xs={24} lg={12} key={q.id}><QuestionCard index={i} question={q} result={data.questions.find((r) => r.questionId === q.id)!} /></Col>
        ))}
        <Col span={24}><Responses id={id} questions={data.survey.questions} /></Col>
      </Row>
    </div>
  );
}

function QuestionCard({ index, question, result }: { index: number; question: Question; result: Results['questions'][number] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const option = useMemo(() => (question.type === 'text' || !result.count ? null : distributionOption(question, result, label)), [question, result, label]);
  return (
    <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{index + 1}. {label(question.label)}</span>} data-testid={`survey-result-${question.id}`}
      extra={<Typography.Text type="secondary">{t('surveys.res.answers', { count: result.count })}{result.average !== null ? ` · ${t('surveys.res.average', { value: result.average })}` : ''}</Typography.Text>}>
      {option ? <EChart option={option} renderer="svg" height={220} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={question.type === 'text' && result.count ? t('surveys.res.textAnswers') : t('surveys.res.noAnswers')} />}
    </Card>
  );
}

function Responses({ id, questions }: { id: string; questions: Question[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [page, setPage] = useState(1);
  const { data, isLoading } = useSurveyResponses(id, page);
  const show = (q: Question, v: SurveyResponse['answers'][string] | undefined) => {
    if (v === undefined || v === null) return '—';
    if (Array.isArray(v)) return v.map((x) => label(q.options?.find((o) => o.value === x)?.label) || x).join('、');
    return String(v);
  };
  return (
    <Card size="small" title={t('surveys.res.list')}>
      <Table<SurveyResponse>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('surveys.res.contact'), fixed: 'left', width: 140, render: (_, r) => (r.contactId ? <Link to={`/o/contacts/${r.contactId}`}>{r.contactName}</Link> : '—') },
          { title: t('surveys.res.answeredAt'), width: 140, render: (_, r) => dayjs(r.updatedAt).format('YYYY-MM-DD HH:mm') },
          ...questions.map((q) => ({ title: <span style={{ whiteSpace: 'nowrap' }}>{label(q.label).slice(0, 16)}</span>, key: q.id, render: (_: unknown, r: SurveyResponse) => <span style={{ display: 'inline-block', maxWidth: 260, whiteSpace: 'normal' }}>{show(q, r.answers[q.id])}</span> })),
        ]}
      />
    </Card>
  );
}
