import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateApiKey, type CreatedApiKey } from '../../api/apiKeys';
import { applyServerErrors } from '../../engine/formErrors';

/** Asks for a name, then shows the new key once: it cannot be read again after this dialog closes. */
export function NewApiKeyDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const create = useCreateApiKey();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const close = () => {
    // The form dialog is destroyed on close, so the next one starts empty.
    setCreated(null);
    onClose();
  };
  const submit = async () => {
    const { name } = await form.validateFields();
    try {
      setCreated(await create.mutateAsync(name.trim()));
    } catch (e) {
      applyServerErrors(form, e, message, t);
    }
  };

  if (created) {
    return (
      <Modal open={open} title={t('apiKeys.createdTitle', { name: created.name })} onOk={close} onCancel={close} okText={t('apiKeys.done')} cancelButtonProps={{ style: { display: 'none' } }} maskClosable={false}>
        <Alert type="warning" showIcon title={t('apiKeys.onceWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph code copyable={{ text: created.key, tooltips: [t('apiKeys.copy'), t('apiKeys.copied')] }} style={{ wordBreak: 'break-all' }} data-testid="api-key-secret">
          {created.key}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('apiKeys.usage')}</Typography.Text>
      </Modal>
    );
  }
  return (
    <Modal open={open} title={t('apiKeys.new')} onOk={submit} onCancel={close} okText={t('common.create')} confirmLoading={create.isPending} okButtonProps={{ 'data-testid': 'api-key-create' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('apiKeys.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]} extra={t('apiKeys.nameHint')}>
          <Input maxLength={100} autoFocus data-testid="api-key-name" placeholder={t('apiKeys.namePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
