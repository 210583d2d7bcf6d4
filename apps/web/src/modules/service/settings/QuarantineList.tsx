import { App, Button, Card, Empty, Grid, List, Popconfirm, Space, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../../api/client';

interface InboundMail {
  id: string;
  from: string | null;
  subject: string | null;
  reason: string | null;
  rawSize: number;
  receivedAt: string;
}

const KEY = ['service', 'quarantine'];

/** Mails the poller could not turn into tickets (unreadable, floods, failed deliveries): re-process or discard. */
export function QuarantineList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => get<{ data: InboundMail[]; total: number }>('/api/v1/service-mail/inbound', { status: 'quarantined', limit: 100 }) });
  const act = async (id: string, action: 'reprocess' | 'discard') => {
    try {
      await api('POST', `/api/v1/service-mail/inbound/${id}/${action}`, {});
      message.success(t(`service.quarantine.${action}Done`));
    } catch (e) {
      message.error((e as Error).message);
    }
    await client.invalidateQueries({ queryKey: KEY });
  };
  const actions = (m: InboundMail) => (
    <Space size={4}>
      <Button size="small" onClick={() => void act(m.id, 'reprocess')} data-testid="quarantine-reprocess">{t('service.quarantine.reprocess')}</Button>
      <Popconfirm title={t('service.quarantine.discardConfirm')} onConfirm={() => void act(m.id, 'discard')}>
        <Button size="small" danger data-testid="quarantine-discard">{t('service.quarantine.discard')}</Button>
      </Popconfirm>
    </Space>
  );
  // A phone gets one card per mail: five columns do not fit 390 px without scrolling sideways.
  const phone = Grid.useBreakpoint().md === false;
  return (
    <Card size="small" title={t('service.quarantine.title', { count: list.data?.total ?? 0 })} data-testid="quarantine">
      {phone ? (
        <List<InboundMail>
          loading={list.isLoading}
          dataSource={list.data?.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.quarantine.empty')} /> }}
          renderItem={(m) => (
            <List.Item style={{ display: 'block', overflowWrap: 'anywhere' }} data-testid="quarantine-item">
              <Typography.Text strong>{m.subject ?? '—'}</Typography.Text>
              <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(m.receivedAt).format('MM-DD HH:mm')} · {m.from ?? '—'}</Typography.Text></div>
              {m.reason && <div><Typography.Text type="warning" style={{ fontSize: 13 }}>{m.reason}</Typography.Text></div>}
              <div style={{ marginTop: 6 }}>{actions(m)}</div>
            </List.Item>
          )}
        />
      ) : (
        <Table<InboundMail>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.data ?? []}
          pagination={false}
          scroll={{ x: 640 }}
          locale={{ emptyText: t('service.quarantine.empty') }}
          columns={[
            { title: t('service.quarantine.received'), dataIndex: 'receivedAt', width: 130, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
            { title: t('service.quarantine.from'), dataIndex: 'from', width: 180, ellipsis: true },
            { title: t('service.quarantine.subject'), dataIndex: 'subject', ellipsis: true },
            { title: t('service.quarantine.reason'), dataIndex: 'reason', width: 200, render: (v: string | null) => <Typography.Text type="warning">{v}</Typography.Text> },
            {
              title: '',
              key: 'actions',
              width: 170,
              render: (_, m) => actions(m),
            },
          ]}
        />
      )}
    </Card>
  );
}
