import { App, Button, Descriptions, Form, Input, Modal, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { previewTemplate, useSaveTemplate, type EmailTemplate, type TemplateInput } from './api';
import { applyFieldErrors } from './formErrors';

const VARIABLES = ['{{user.name}}', '{{record.name}}', '{{title}}', '{{body}}', '{{link}}', '{{due}}'];

/** Create or edit a template: subject and body in Chinese and English, with a preview on sample data. */
export function TemplateDialog({ template, open, onClose }: { template: EmailTemplate | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateInput>();
  const save = useSaveTemplate();
  const [lang, setLang] = useState<'zh' | 'en'>('zh');
  const [preview, setPreview] = useState<{ subject: string; text: string } | null>(null);

  useEffect(() => {
    if (!open) return;
    setPreview(null);
    setLang('zh');
    form.resetFields();
    if (template) form.setFieldsValue({ key: template.key, name: template.name, subjectZh: template.subject_zh, bodyZh: template.body_zh, subjectEn: template.subject_en, bodyEn: template.body_en });
  }, [open, template, form]);

  const onPreview = async () => {
    const v = form.getFieldsValue();
    const [subject, body] = lang === 'zh' ? [v.subjectZh, v.bodyZh] : [v.subjectEn, v.bodyEn];
    setPreview(await previewTemplate(subject ?? '', body ?? ''));
  };

  const onOk = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ input: v, existing: !!template });
      message.success(t('notifications.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && !applyFieldErrors(form, e)) message.error(e.message);
    }
  };

  const required = [{ required: true, message: t('notifications.required') }];
  const pane = (suffix: 'Zh' | 'En') => (
    <>
      <Form.Item name={`subject${suffix}`} label={t('notifications.subject')} rules={required}>
        <Input data-testid={`template-subject-${suffix.toLowerCase()}`} />
      </Form.Item>
      <Form.Item name={`body${suffix}`} label={t('notifications.body')} rules={required}>
        <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} data-testid={`template-body-${suffix.toLowerCase()}`} />
      </Form.Item>
    </>
  );

  return (
    <Modal
      open={open}
      title={template ? t('notifications.editTemplate') : t('notifications.newTemplate')}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={[
        <Button key="preview" onClick={onPreview} data-testid="template-preview">{t('notifications.preview')}</Button>,
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="ok" type="primary" loading={save.isPending} onClick={onOk} data-testid="template-save">{t('notifications.save')}</Button>,
      ]}
    >
      <Form form={form} layout="vertical" preserve>
        <Form.Item name="key" label={t('notifications.templateKey')} rules={[...required, { pattern: /^[a-z][a-z0-9_]{1,40}$/, message: t('notifications.keyPattern') }]}>
          <Input disabled={!!template} placeholder="renewal_reminder" data-testid="template-key" />
        </Form.Item>
        <Form.Item name="name" label={t('notifications.templateName')} rules={required}>
          <Input data-testid="template-name" />
        </Form.Item>
        <Tabs
          activeKey={lang}
          onChange={(k) => { setLang(k as 'zh' | 'en'); setPreview(null); }}
          items={[
            { key: 'zh', label: '中文', forceRender: true, children: pane('Zh') },
            { key: 'en', label: 'English', forceRender: true, children: pane('En') },
          ]}
        />
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('notifications.variables')}: {VARIABLES.map((v) => <Typography.Text key={v} code copyable={{ text: v }}>{v}</Typography.Text>)}
      </Typography.Paragraph>
      {preview && (
        <Descriptions bordered size="small" column={1} data-testid="template-preview-result" title={t('notifications.previewTitle')}>
          <Descriptions.Item label={t('notifications.subject')}>{preview.subject}</Descriptions.Item>
          <Descriptions.Item label={t('notifications.body')}><div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{preview.text}</div></Descriptions.Item>
        </Descriptions>
      )}
    </Modal>
  );
}
