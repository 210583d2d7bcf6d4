import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteWebForm, useWebForms, type WebForm } from './api';
import { WebFormEditor } from './WebFormEditor';

/** The hosted page link and the embed snippet to paste into any website. */
function Publish({ form }: { form: WebForm }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`web-form-publish-${form.id}`}>
      <Typography.Text type="secondary">{t('webForms.pageUrl')}: </Typography.Text>
      <Typography.Link href={form.pageUrl} target="_blank" copyable={{ text: form.pageUrl }} data-testid="web-form-page-url">{form.pageUrl}</Typography.Link>
      <div style={{ marginTop: 8 }}><Typography.Text type="secondary">{t('webForms.embed')}:</Typography.Text></div>
      <Typography.Paragraph copyable={{ text: form.embedSnippet }} style={{ marginBottom: 0 }}>
        <pre data-testid="web-form-snippet" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{form.embedSnippet}</pre>
      </Typography.Paragraph>
    </div>
  );
}

/** Settings → 网站表单: lead forms for the website, with their link, embed code and submission counts. */
export function WebFormsSettings() {
  const { t } = useTranslation();
  const { data = [], isLoading } = useWebForms();
  const remove = useDeleteWebForm();
  const [editing, setEditing] = useState<WebForm | 'new' | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);

  return (
    <div data-testid="web-forms">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('webForms.intro')} />
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }} data-testid="web-form-new">{t('webForms.new')}</Button>
      <Table<WebForm>
        rowKey="id"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: t('webForms.empty') }}
        expandable={{ expandedRowRender: (f) => <Publish form={f} />, expandedRowKeys: expanded, onExpandedRowsChange: (keys) => setExpanded(keys as string[]) }}
        columns={[
          { title: t('webForms.name'), dataIndex: 'name', render: (name: string, f) => <Space wrap><span style={{ wordBreak: 'break-word' }}>{name}</span>{!f.active && <Tag>{t('webForms.inactive')}</Tag>}</Space> },
          { title: t('webForms.fields'), key: 'fields', render: (_, f) => f.fields.map((x) => x.labelZh).join('、') },
          { title: t('webForms.submissions'), key: 'n', width: 200, render: (_, f) => t('webForms.counts', f.submissions ?? { created: 0, linked: 0, spam: 0 }) },
          { key: 'actions', width: 150, render: (_, f) => (
            <Space>
              <Button size="small" onClick={() => setEditing(f)}>{t('common.edit')}</Button>
              <Popconfirm title={t('webForms.confirmDelete')} onConfirm={() => remove.mutate(f.id)}><Button size="small" danger>{t('common.delete')}</Button></Popconfirm>
            </Space>
          ) },
        ]}
      />
      {editing && <WebFormEditor form={editing} onClose={(saved) => { setEditing(null); if (saved) setExpanded((k) => [...new Set([...k, saved.id])]); }} />}
    </div>
  );
}
