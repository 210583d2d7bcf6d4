import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Grid, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiKeys, useRevokeApiKey, type ApiKey } from '../../api/apiKeys';
import { formatDateTime } from '../../engine/fields/format';
import { NewApiKeyDialog } from './NewApiKeyDialog';

/** /account/api-keys — the signed-in user's own API keys (for scripts and integrations). */
export default function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  // Phones get name (with prefix and last use under it), status and revoke only.
  const phone = Grid.useBreakpoint().md === false;
  const lastUsed = (k: ApiKey) => (k.last_used_at ? formatDateTime(k.last_used_at) : t('apiKeys.never'));

  const onRevoke = async (k: ApiKey) => {
    try {
      await revoke.mutateAsync(k.id);
      message.success(t('apiKeys.revoked', { name: k.name }));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: TableColumnsType<ApiKey> = [
    {
      key: 'name', title: t('apiKeys.name'), ellipsis: !phone, width: phone ? undefined : 200,
      render: (_, k) => (phone ? <div><div style={{ wordBreak: 'break-word' }}>{k.name}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{k.prefix}… · {t('apiKeys.lastUsed')}: {lastUsed(k)}</Typography.Text></div> : k.name),
    },
    { key: 'prefix', title: t('apiKeys.prefix'), width: 150, render: (_, k) => <Typography.Text code>{k.prefix}…</Typography.Text> },
    { key: 'created', title: t('apiKeys.created'), width: 150, render: (_, k) => formatDateTime(k.created_at) },
    { key: 'used', title: t('apiKeys.lastUsed'), width: 150, render: (_, k) => <Typography.Text type={k.last_used_at ? undefined : 'secondary'}>{lastUsed(k)}</Typography.Text> },
    {
      key: 'status', title: t('apiKeys.status'), width: phone ? 80 : 170,
      render: (_, k) => (k.revoked_at ? <Tag title={formatDateTime(k.revoked_at)}>{phone ? t('apiKeys.revokedShort') : t('apiKeys.revokedAt', { at: formatDateTime(k.revoked_at) })}</Tag> : <Tag color="green">{t('apiKeys.active')}</Tag>),
    },
    {
      key: 'revoke', title: '', width: 90,
      render: (_, k) =>
        !k.revoked_at && (
          <Popconfirm title={t('apiKeys.revokeConfirm', { name: k.name })} description={t('apiKeys.revokeHint')} okText={t('apiKeys.revoke')} okButtonProps={{ danger: true, 'data-testid': 'api-key-revoke-ok' } as never} cancelText={t('common.cancel')} onConfirm={() => onRevoke(k)}>
            <Button size="small" danger data-testid="api-key-revoke">{t('apiKeys.revoke')}</Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div className="crm-page" data-testid="api-keys-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 4 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>{t('apiKeys.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="api-key-new">{t('apiKeys.new')}</Button>
      </div>
      <Typography.Paragraph type="secondary">{t('apiKeys.intro')}</Typography.Paragraph>
      <Table<ApiKey>
        rowKey="id"
        size="middle"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        pagination={false}
        scroll={phone ? undefined : { x: 'max-content' }}
        locale={{ emptyText: t('apiKeys.empty') }}
        onRow={(k) => ({ 'data-testid': `api-key-row-${k.prefix}` }) as React.HTMLAttributes<HTMLElement>}
        columns={phone ? columns.filter((c) => !['prefix', 'created', 'used'].includes(String(c.key))) : columns}
      />
      <NewApiKeyDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
