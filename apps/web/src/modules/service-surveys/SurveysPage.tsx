import { BarChartOutlined, DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/auth';
import { useLabel } from '../../i18n';
import { useNarrow } from './useNarrow';
import { managesSurveys, useDeleteSurvey, useSurveys, type Survey } from './api';
import { SendSurveyDialog } from './SendSurveyDialog';

export const STATUS_COLORS = { draft: 'default', open: 'green', closed: 'red' } as const;

/** /service/surveys — every survey with its counts; managers create, send and edit, agents read the results. */
export default function SurveysPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const manage = managesSurveys(me?.permissions);
  const { data = [], isLoading } = useSurveys();
  const remove = useDeleteSurvey();
  const [sending, setSending] = useState<Survey | null>(null);
  const phone = useNarrow();

  const actions = (s: Survey) => (
    <Space size={4} wrap>
      <Button size="small" icon={<BarChartOutlined />} onClick={() => navigate(`/service/surveys/${s.id}`)} data-testid={`survey-results-${s.id}`}>{t('surveys.results')}</Button>
      {manage && (
        <>
          <Button size="small" icon={<SendOutlined />} disabled={s.status !== 'open'} title={s.status !== 'open' ? t('surveys.sendDialog.notOpen') : undefined} onClick={() => setSending(s)} data-testid={`survey-send-${s.id}`}>{t('surveys.send')}</Button>
          <Button size="small" icon={<EditOutlined />} onClick={() => navigate(`/service/surveys/${s.id}/edit`)} aria-label={t('surveys.edit')} />
          <Popconfirm title={t('surveys.deleteConfirm')} onConfirm={() => remove.mutateAsync(s.id).catch((e: Error) => message.error(e.message))}>
            <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('surveys.delete')} />
          </Popconfirm>
        </>
      )}
    </Space>
  );
  const status = (s: Survey) => <Tag color={STATUS_COLORS[s.status]}>{t(`surveys.status.${s.status}`)}</Tag>;

  return (
    <div className="crm-page" data-testid="surveys-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('surveys.title')}</Typography.Title>
        <div style={{ flex: 1 }} />
        {manage && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/service/surveys/new')} data-testid="survey-new">{t('surveys.new')}</Button>}
      </div>
      {!isLoading && !data.length ? (
        <Card><Empty description={t('surveys.empty')} /></Card>
      ) : phone ? (
        <List
          dataSource={data}
          loading={isLoading}
          renderItem={(s) => (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="survey-card">
              <Link to={`/service/surveys/${s.id}`} style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>{label(s.title)}</Link>
              <div style={{ margin: '6px 0' }}>{status(s)}<Typography.Text type="secondary">{t('surveys.columns.invited')} {s.invited ?? 0} · {t('surveys.columns.responses')} {s.responses ?? 0}</Typography.Text></div>
              {actions(s)}
            </Card>
          )}
        />
      ) : (
        <Card size="small">
          <Table<Survey>
            rowKey="id"
            loading={isLoading}
            dataSource={data}
            pagination={false}
            columns={[
              { title: t('surveys.columns.title'), render: (_, s) => <Link to={`/service/surveys/${s.id}`} data-testid="survey-title-link">{label(s.title)}</Link> },
              { title: t('surveys.columns.status'), width: 100, render: (_, s) => status(s) },
              { title: t('surveys.columns.invited'), width: 90, align: 'right', dataIndex: 'invited' },
              { title: t('surveys.columns.responses'), width: 90, align: 'right', dataIndex: 'responses' },
              { title: t('surveys.columns.created'), width: 120, render: (_, s) => dayjs(s.createdAt).format('YYYY-MM-DD') },
              { title: '', width: 260, render: (_, s) => actions(s) },
            ]}
          />
        </Card>
      )}
      {sending && <SendSurveyDialog survey={sending} onClose={() => setSending(null)} />}
    </div>
  );
}
