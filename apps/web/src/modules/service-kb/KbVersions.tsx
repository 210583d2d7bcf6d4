import { App, Button, Card, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvalidateRecords } from '../../api/records';
import { kbApi, useKbVersions, versionsKey } from './api';

/** Every saved title/body with who and when; view one, or make it current again. */
export function KbVersions({ articleId, onRestored }: { articleId: string; onRestored?: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const invalidate = useInvalidateRecords();
  const versions = useKbVersions(articleId);
  const [viewing, setViewing] = useState<{ title: string; body: string } | null>(null);

  const restore = async (versionId: string) => {
    try {
      await kbApi.restore(articleId, versionId);
      message.success(t('kb.restored'));
      void client.invalidateQueries({ queryKey: versionsKey(articleId) });
      invalidate();
      onRestored?.();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Card size="small" title={t('kb.versions')} style={{ marginTop: 16 }} data-testid="kb-versions">
      <List
        size="small"
        loading={versions.isLoading}
        dataSource={versions.data ?? []}
        locale={{ emptyText: t('kb.noVersions') }}
        renderItem={(v, i) => (
          <List.Item
            data-testid="kb-version"
            actions={[
              <Button key="view" size="small" type="link" onClick={async () => setViewing((await kbApi.version(articleId, v.id)).data)}>{t('kb.view')}</Button>,
              ...(i > 0
                ? [<Popconfirm key="restore" title={t('kb.restoreConfirm')} onConfirm={() => restore(v.id)}><Button size="small" type="link" data-testid="kb-restore">{t('kb.restore')}</Button></Popconfirm>]
                : []),
            ]}
          >
            <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
              <Typography.Text ellipsis style={{ maxWidth: '100%' }}>{v.title}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {new Date(v.createdAt).toLocaleString(i18n.language)} · {v.createdBy?.name ?? t('kb.system')}{i === 0 ? ` · ${t('kb.current')}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Modal open={Boolean(viewing)} title={viewing?.title} footer={null} onCancel={() => setViewing(null)} width={720}>
        <pre className="kb-version-body">{viewing?.body}</pre>
      </Modal>
    </Card>
  );
}
