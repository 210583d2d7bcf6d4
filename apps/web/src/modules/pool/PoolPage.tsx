import { App, Button, Empty, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useObjectMeta, type Field } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { FieldDisplay } from '../../engine/fields';
import { useLabel } from '../../i18n';
import { POOL_OBJECTS, usePool, usePoolAction, usePoolUsage, type PoolObject } from './api';

const EXTRA_COLUMNS = ['region', 'source', 'industry', 'last_activity_at', 'created_at'];

/** One object's pool: ownerless records any rep may claim (the first claim wins). */
function PoolList({ object }: { object: PoolObject }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const meta = useObjectMeta(object);
  const [q, setQ] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const list = usePool(object, q, cursors[cursors.length - 1]);
  const usage = usePoolUsage();
  const action = usePoolAction();
  if (!meta) return null;
  const names = [meta.titleField, ...meta.subtitleFields, ...EXTRA_COLUMNS];
  const fields = [...new Set(names)].map((n) => meta.fields.find((f) => f.name === n)).filter((f): f is Field => !!f);
  const mine = usage.data?.[object];

  const claim = async (record: RecordData) => {
    try {
      await action.mutateAsync({ object, id: record.id, action: 'claim' });
      // Plain text: messages render outside the router, where a <Link> would crash the app.
      message.success(`${t('pool.claimed')}${String(record[meta.titleField] ?? '')}`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div>
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Input.Search allowClear placeholder={t('pool.search')} style={{ width: 260 }} onSearch={(v) => (setQ(v), setCursors([]))} data-testid="pool-search" />
        {mine && (
          <Typography.Text type="secondary" data-testid="pool-usage">
            {mine.cap === null ? t('pool.usageNoCap', { owned: mine.owned, object: label(meta.pluralLabel) }) : t('pool.usage', { owned: mine.owned, cap: mine.cap, object: label(meta.pluralLabel) })}
          </Typography.Text>
        )}
      </Space>
      <Table<RecordData>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pool.empty', { object: label(meta.pluralLabel) })} /> }}
        data-testid={`pool-table-${object}`}
        columns={[
          ...fields.map((f) => ({ key: f.name, title: label(f.label), render: (_: unknown, r: RecordData) => <FieldDisplay field={f} value={r[f.name]} /> })),
          {
            key: 'claim',
            fixed: 'right' as const,
            width: 100,
            render: (_: unknown, r: RecordData) => (
              <Button type="primary" size="small" loading={action.isPending && action.variables?.id === r.id} onClick={() => claim(r)} data-testid={`pool-claim-${r.id}`}>
                {t('pool.claim')}
              </Button>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        {list.data?.total !== undefined && <Tag>{t('pool.total', { count: list.data.total })}</Tag>}
        {cursors.length > 0 && <Button onClick={() => setCursors((c) => c.slice(0, -1))}>{t('pool.prev')}</Button>}
        {list.data?.nextCursor && <Button onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>{t('pool.next')}</Button>}
      </Space>
    </div>
  );
}

/** /pool/:object — 公海: customers and leads without an owner. */
export default function PoolPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { object = 'customers' } = useParams();
  const customers = useObjectMeta('customers');
  const leads = useObjectMeta('leads');
  const metas = { customers, leads };
  const available = POOL_OBJECTS.filter((o) => metas[o] && metas[o]!.access.read !== 'none');
  return (
    <div className="crm-page" data-testid="pool-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('pool.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('pool.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={object}
        onChange={(key) => navigate(`/pool/${key}`)}
        items={available.map((o) => ({ key: o, label: <span data-testid={`pool-tab-${o}`}>{label(metas[o]!.pluralLabel)}</span>, children: <PoolList object={o} /> }))}
      />
    </div>
  );
}
