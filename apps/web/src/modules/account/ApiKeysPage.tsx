import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Table, Tag, Typography } from 'antd';
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

  const onRevoke = async (k: ApiKey) => {
    try {
      await revoke.mutateAsync(k.id);
      message.success(t('apiKeys.revoked', { name: k.name }));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

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
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('apiKeys.empty') }}
        onRow={(k) => ({ 'data-testid': `api-key-row-${k.prefix}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('apiKeys.name'), dataIndex: 'name', ellipsis: true, width: 200 },
          { key: 'prefix', title: t('apiKeys.prefix'), width: 150, render: (_, k) => <Typography.Text code>{k.prefix}…</Typography.Text> },
          { key: 'created', title: t('apiKeys.created'), width: 150, render: (_, k) => formatDateTime(k.created_at) },
          { key: 'used', title: t('apiKeys.lastUsed'), width: 150, render: (_, k) => (k.last_used_at ? formatDateTime(k.last_used_at) : <Typography.Text type="secondary">{t('apiKeys.never')}</Typography.Text>) },
          {
            key: 'status', title: t('apiKeys.status'), width: 170,
            render: (_, k) => (k.revoked_at ? <Tag>{t('apiKeys.revokedAt', { at: formatDateTime(k.revoked_at) })}</Tag> : <Tag color="green">{t('apiKeys.active')}</Tag>),
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
        ]}
      />
      <NewApiKeyDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
