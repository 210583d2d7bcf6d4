import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Grid, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client';
import { formatDateTime } from '../../engine/fields/format';

interface Delivery {
  id: string;
  channel: 'email' | 'robot';
  status: 'pending' | 'queued' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  user_name: string | null;
  recipient: string | null;
  subject: string | null;
}

const STATUS_COLOR: Record<Delivery['status'], string> = { pending: 'default', queued: 'blue', sent: 'green', failed: 'red' };

/** Recent e-mail and robot deliveries with their errors; failed ones can be sent again. */
export function DeliveryLog() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const phone = Grid.useBreakpoint().md === false;
  const [status, setStatus] = useState<Delivery['status'] | undefined>();
  const key = ['notifications', 'deliveries', status];
  const list = useQuery({ queryKey: key, queryFn: async () => (await get<{ data: Delivery[] }>('/api/v1/notifications/deliveries', { status, limit: 50 })).data });
  const retry = useMutation({
    mutationFn: (id: string) => post(`/api/v1/notifications/deliveries/${id}/retry`),
    onSuccess: () => {
      message.success(t('notifications.retryQueued'));
      void qc.invalidateQueries({ queryKey: ['notifications', 'deliveries'] });
    },
    onError: (e) => message.error((e as Error).message),
  });

  const columns: TableColumnsType<Delivery> = [
    { key: 'created', title: t('notifications.time'), width: 150, render: (_, d) => formatDateTime(d.created_at) },
    { key: 'channel', title: t('notifications.channelCol'), width: 90, render: (_, d) => t(`notifications.channel.${d.channel === 'email' ? 'email' : 'robot'}`) },
    {
      key: 'what', title: t('notifications.recipientAndSubject'),
      render: (_, d) => (
        <div style={{ wordBreak: 'break-word' }}>
          <div>{d.subject}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{[d.user_name, d.recipient].filter(Boolean).join(' · ')}</Typography.Text>
          {d.last_error && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{d.last_error}</Typography.Text></div>}
        </div>
      ),
    },
    { key: 'status', title: t('notifications.status'), width: 110, render: (_, d) => <Tag color={STATUS_COLOR[d.status]}>{t(`notifications.deliveryStatus.${d.status}`)}{d.attempts > 1 ? ` ×${d.attempts}` : ''}</Tag> },
    { key: 'retry', title: '', width: 90, render: (_, d) => d.status === 'failed' && <Button size="small" onClick={() => retry.mutate(d.id)} loading={retry.isPending && retry.variables === d.id}>{t('notifications.retry')}</Button> },
  ];

  return (
    <Card
      size="small"
      title={t('notifications.deliveriesTitle')}
      style={{ marginTop: 16 }}
      data-testid="delivery-log"
      extra={
        <>
          <Select allowClear size="small" style={{ width: 120, marginInlineEnd: 8 }} placeholder={t('notifications.allStatuses')} value={status} onChange={setStatus}
            options={(['failed', 'pending', 'queued', 'sent'] as const).map((s) => ({ value: s, label: t(`notifications.deliveryStatus.${s}`) }))} />
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('notifications.refresh')} data-testid="delivery-log-refresh" />
        </>
      }
    >
      <Table<Delivery> rowKey="id" size="small" loading={list.isLoading} dataSource={list.data ?? []} pagination={false} locale={{ emptyText: t('notifications.noDeliveries') }}
        columns={phone ? columns.filter((c) => c.key !== 'created' && c.key !== 'channel') : columns} />
    </Card>
  );
}
