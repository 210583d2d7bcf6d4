import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Grid, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteTemplate, useTemplates, type EmailTemplate } from './api';
import { TemplateDialog } from './TemplateDialog';

/** The e-mail templates list: built-in ones can be edited, custom ones also deleted. */
export function EmailTemplates() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const templates = useTemplates();
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<EmailTemplate | 'new' | null>(null);
  const en = i18n.language === 'en';

  const columns: TableColumnsType<EmailTemplate> = [
    {
      key: 'name', title: t('notifications.templateName'),
      render: (_, x) => (
        <div style={{ wordBreak: 'break-word' }}>
          {x.name} {x.builtin && <Tag style={{ marginInlineStart: 4 }}>{t('notifications.builtin')}</Tag>}
          <div><Typography.Text type="secondary" code style={{ fontSize: 12 }}>{x.key}</Typography.Text></div>
        </div>
      ),
    },
    { key: 'subject', title: t('notifications.subject'), render: (_, x) => <span style={{ wordBreak: 'break-word' }}>{en ? x.subject_en : x.subject_zh}</span> },
    {
      key: 'actions', title: '', width: phone ? 80 : 150,
      render: (_, x) => (
        <Space size={4} wrap>
          <Button size="small" onClick={() => setEditing(x)} data-testid={`template-edit-${x.key}`}>{t('notifications.edit')}</Button>
          {!x.builtin && (
            <Popconfirm title={t('notifications.deleteTemplate', { name: x.name })} okButtonProps={{ danger: true }} onConfirm={async () => {
              await remove.mutateAsync(x.key);
              message.success(t('notifications.deleted'));
            }}>
              <Button size="small" danger>{t('notifications.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('notifications.templatesTitle')}
      extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="template-new">{t('notifications.newTemplate')}</Button>}
    >
      <Table<EmailTemplate> rowKey="key" size="middle" loading={templates.isLoading} dataSource={templates.data ?? []} pagination={false} columns={phone ? columns.filter((c) => c.key !== 'subject') : columns} />
      <TemplateDialog template={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
    </Card>
  );
}
