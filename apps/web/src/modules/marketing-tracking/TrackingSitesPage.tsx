import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Popconfirm, Result, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { formatDateTime } from '../../engine/fields/format';
import { managesSites, readsSites } from './access';
import { useDeleteSite, useTrackingSites, type TrackingSite } from './api';
import { SiteEditor } from './SiteEditor';

const code = (text: string) => <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{text}</pre>;

/** The snippet to paste, and the optional calls a site may make. */
function Install({ site }: { site: TrackingSite }) {
  const { t } = useTranslation();
  return (
    // The expanded row is as wide as the table's scroll area: on a phone keep the snippet within the screen.
    <div data-testid={`tracking-install-${site.id}`} style={{ maxWidth: 'calc(100vw - 110px)', wordBreak: 'break-all' }}>
      <Typography.Text type="secondary">{t('tracking.snippet')}:</Typography.Text>
      <Typography.Paragraph copyable={{ text: site.snippet }} data-testid="tracking-snippet">{code(site.snippet)}</Typography.Paragraph>
      <Typography.Text type="secondary">{t('tracking.usage')}:</Typography.Text>
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
        <li>{t('tracking.usageTrack')}: <Typography.Text code>{"crm('track', 'downloaded_brochure', { product: 'CRM' })"}</Typography.Text></li>
        <li>{t('tracking.usageIdentify')}: <Typography.Text code>{"crm('identify', { email: 'zhang@example.com' })"}</Typography.Text></li>
        {site.requireConsent && <li>{t('tracking.usageConsent')}: <Typography.Text code>{"crm('consent', true)"}</Typography.Text></li>}
      </ul>
    </div>
  );
}

/** 市场 → 网站追踪 (readers: 市场专员; managers: 市场经理 and admins): tracked sites, their allowed origins, retention, DNT and consent, and the snippet. */
export default function TrackingSitesPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { data = [], isLoading } = useTrackingSites();
  const remove = useDeleteSite();
  const [editing, setEditing] = useState<TrackingSite | 'new' | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  if (me && !readsSites(me.permissions)) return <Result status="403" title={t('tracking.noAccess')} />;
  const manager = managesSites(me?.permissions);

  return (
    <div className="crm-page" data-testid="tracking-sites">
      <Card title={t('tracking.title')} extra={manager && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="tracking-site-new">{t('tracking.new')}</Button>}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('tracking.intro')} />
        {me && !manager && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('tracking.readOnly')} data-testid="tracking-read-only" />}
        <Table<TrackingSite>
          rowKey="id"
          loading={isLoading}
          dataSource={data}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('tracking.empty') }}
          expandable={{ expandedRowRender: (s) => <Install site={s} />, expandedRowKeys: expanded, onExpandedRowsChange: (keys) => setExpanded(keys as string[]) }}
          columns={[
            { title: t('tracking.name'), dataIndex: 'name', render: (name: string, s) => <Space wrap><span style={{ wordBreak: 'break-word' }}>{name}</span>{!s.active && <Tag>{t('tracking.inactive')}</Tag>}{s.requireConsent && <Tag color="blue">{t('tracking.requireConsent')}</Tag>}</Space> },
            { title: t('tracking.origins'), key: 'origins', render: (_, s) => <Space wrap size={4}>{s.allowedOrigins.map((o) => <Tag key={o}>{o}</Tag>)}</Space> },
            { title: t('tracking.retention'), dataIndex: 'retentionDays', width: 110, render: (n: number) => t('tracking.days', { count: n }) },
            { title: t('tracking.eventsLastDay'), dataIndex: 'eventsLastDay', width: 130 },
            { title: t('tracking.lastEvent'), dataIndex: 'lastEventAt', width: 170, render: (v: string | null) => (v ? formatDateTime(v) : t('tracking.never')) },
            ...(manager
              ? [{ key: 'actions', width: 150, render: (_: unknown, s: TrackingSite) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing(s)}>{t('common.edit')}</Button>
                    <Popconfirm title={t('tracking.confirmDelete')} onConfirm={() => remove.mutate(s.id)}><Button size="small" danger>{t('common.delete')}</Button></Popconfirm>
                  </Space>
                ) }]
              : []),
          ]}
        />
      </Card>
      {editing && <SiteEditor site={editing} onClose={(saved) => { setEditing(null); if (saved) setExpanded((k) => [...new Set([...k, saved.id])]); }} />}
    </div>
  );
}
