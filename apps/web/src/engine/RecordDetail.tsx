import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Popconfirm, Result, Row, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { liveFields, useObjectMeta, type ObjectMeta } from '../api/meta';
import { useDeleteRecords, useRecordDetail } from '../api/records';
import { useLabel } from '../i18n';
import { PageLoading } from '../shell/PageLoading';
import { DetailExtensions } from './detailExtensions';
import { FieldDisplay } from './fields';
import { FieldGroups } from './detail/FieldGroups';
import { QuickFollowUp } from './detail/QuickFollowUp';
import { RelatedLists } from './detail/RelatedLists';
import { Timeline } from './detail/Timeline';
import { RecordForm } from './RecordForm';

/** /o/:object/:id — header, all fields, related lists, follow-up box and timeline. */
export function RecordDetail() {
  const { object = '', id = '' } = useParams();
  const meta = useObjectMeta(object);
  const { t } = useTranslation();
  if (!meta) return <Result status="404" title={t('error.noObject')} />;
  return <DetailPage key={`${object}/${id}`} meta={meta} id={id} />;
}

function DetailPage({ meta, id }: { meta: ObjectMeta; id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const detail = useRecordDetail(meta.name, id);
  const remove = useDeleteRecords(meta.name);
  const [editing, setEditing] = useState(false);
  const fields = useMemo(() => liveFields(meta), [meta]);

  if (detail.isLoading) return <PageLoading />;
  if (detail.error || !detail.data) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'warning'}
        title={notFound ? t('detail.notFound') : t('error.loadFailed')}
        subTitle={notFound ? undefined : detail.error?.message}
        extra={<Button onClick={() => navigate(`/o/${meta.name}`)}>{t('common.back')}</Button>}
      />
    );
  }

  const { data: record, related = [], timeline = [] } = detail.data;
  const title = String(record[meta.titleField] ?? '—');
  const keyFields = fields.filter((f) => meta.subtitleFields.includes(f.name) || f.name === 'owner_id' || (f.type === 'select' && f.name === 'status'));

  return (
    <div className="crm-page" data-testid="record-detail">
      <Card style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 12, flexWrap: 'wrap' }}>
          <Link to={`/o/${meta.name}`} aria-label={t('common.back')}>
            <ArrowLeftOutlined style={{ fontSize: 18, marginTop: 6 }} />
          </Link>
          <div style={{ flex: '1 1 220px', minWidth: 0 }}>
            <Typography.Text type="secondary">{label(meta.label)}</Typography.Text>
            <Typography.Title level={3} style={{ margin: 0, wordBreak: 'break-word' }} data-testid="record-title">
              {title}
            </Typography.Title>
          </div>
          <Space wrap>
            <DetailExtensions placement="actions" meta={meta} record={record} />
            {meta.access.update !== 'none' && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="record-edit">
                {t('common.edit')}
              </Button>
            )}
            {meta.access.delete !== 'none' && (
              <Popconfirm
                title={t('detail.deleteConfirm')}
                description={t('detail.deleteHint')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                onConfirm={async () => {
                  try {
                    await remove.mutateAsync([record.id]);
                    message.success(t('detail.deleted'));
                    navigate(`/o/${meta.name}`);
                  } catch (e) {
                    message.error((e as Error).message);
                  }
                }}
              >
                <Button danger icon={<DeleteOutlined />} data-testid="record-delete">
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </div>
        <div style={{ display: 'flex', gap: '8px 32px', flexWrap: 'wrap', marginTop: 12 }}>
          {keyFields.map((f) => (
            <div key={f.name} style={{ minWidth: 0, maxWidth: '100%' }}>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>{label(f.label)}</Typography.Text>
              <FieldDisplay field={f} value={record[f.name]} />
            </div>
          ))}
        </div>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <DetailExtensions placement="main" meta={meta} record={record} />
          <FieldGroups fields={fields} record={record} />
          <RelatedLists related={related} record={record} object={meta.name} />
        </Col>
        <Col xs={24} lg={9}>
          <DetailExtensions placement="side" meta={meta} record={record} />
          <QuickFollowUp object={meta.name} recordId={record.id} />
          <Timeline meta={meta} entries={timeline} />
        </Col>
      </Row>
      <RecordForm meta={meta} open={editing} record={record} onClose={() => setEditing(false)} onConflict={() => void detail.refetch()} />
    </div>
  );
}
