import { App, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../../../api/client';
import { applyFieldErrors } from '../../notifications/formErrors';
import { QuarantineList } from './QuarantineList';

interface Mailbox {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string;
  hasPassword: boolean;
  folder: string;
  processedFolder: string | null;
  pollIntervalSeconds: number;
  maxAttachmentBytes: number;
  floodLimitPerHour: number;
  enabled: boolean;
}

const KEY = ['service', 'mailbox'];
const DEFAULTS = { port: 993, security: 'tls', folder: 'INBOX', pollIntervalSeconds: 60, maxAttachmentMb: 10, floodLimitPerHour: 30, enabled: false };

/** 邮箱: the support mailbox polled over IMAP (password write-only), a connection test, and the quarantine. */
export function MailboxSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const settings = useQuery({ queryKey: KEY, queryFn: async () => (await get<{ data: Mailbox | null }>('/api/v1/service-mail/settings')).data });
  useEffect(() => {
    const s = settings.data;
    form.setFieldsValue(s ? { ...s, password: '', maxAttachmentMb: Math.round(s.maxAttachmentBytes / 1024 / 1024) } : DEFAULTS);
  }, [settings.data, form]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy('save');
    try {
      const { maxAttachmentMb, password, processedFolder, ...rest } = v;
      await api('PUT', '/api/v1/service-mail/settings', {
        ...rest,
        processedFolder: processedFolder?.trim() || null,
        maxAttachmentBytes: Math.round(maxAttachmentMb * 1024 * 1024),
        // Blank keeps the saved password: it is never sent back to the browser.
        ...(password ? { password } : {}),
      });
      message.success(t('service.saved'));
      await client.invalidateQueries({ queryKey: KEY });
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const test = async () => {
    setBusy('test');
    try {
      const { data } = await api<{ data: { messages: number; unseen: number } }>('POST', '/api/v1/service-mail/settings/test', {});
      message.success(t('service.mailbox.testOk', data));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="mailbox-settings">
      <Card size="small" title={t('service.mailbox.title')} loading={settings.isLoading}>
        <Typography.Paragraph type="secondary">{t('service.mailbox.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" className="service-mailbox-form" initialValues={DEFAULTS}>
          <Form.Item name="host" label={t('service.mailbox.host')} rules={[{ required: true, whitespace: true }]}><Input placeholder="imap.exmail.qq.com" /></Form.Item>
          <Form.Item name="port" label={t('service.mailbox.port')} rules={[{ required: true }]}><InputNumber min={1} max={65535} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="security" label={t('service.mailbox.security')}>
            <Select options={['tls', 'starttls', 'none'].map((s) => ({ value: s, label: t(`service.mailbox.securityOf.${s}`) }))} />
          </Form.Item>
          <Form.Item name="username" label={t('service.mailbox.username')} rules={[{ required: true, whitespace: true }]}><Input autoComplete="off" /></Form.Item>
          <Form.Item name="password" label={t('service.mailbox.password')} extra={settings.data?.hasPassword ? t('service.mailbox.passwordKept') : undefined}>
            <Input.Password autoComplete="new-password" data-testid="mailbox-password" />
          </Form.Item>
          <Form.Item name="folder" label={t('service.mailbox.folder')} rules={[{ required: true, whitespace: true }]}><Input /></Form.Item>
          <Form.Item name="processedFolder" label={t('service.mailbox.processedFolder')} extra={t('service.mailbox.processedFolderHint')}><Input /></Form.Item>
          <Form.Item name="pollIntervalSeconds" label={t('service.mailbox.pollInterval')}><InputNumber min={10} max={86400} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="maxAttachmentMb" label={t('service.mailbox.maxAttachment')}><InputNumber min={1} max={100} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="floodLimitPerHour" label={t('service.mailbox.floodLimit')}><InputNumber min={1} max={10000} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="enabled" label={t('service.mailbox.enabled')} valuePropName="checked"><Switch data-testid="mailbox-enabled" /></Form.Item>
        </Form>
        <Space wrap>
          <Button type="primary" loading={busy === 'save'} onClick={() => void save()} data-testid="mailbox-save">{t('service.settings.save')}</Button>
          <Button loading={busy === 'test'} disabled={!settings.data} onClick={() => void test()} data-testid="mailbox-test">{t('service.mailbox.test')}</Button>
        </Space>
      </Card>
      <QuarantineList />
    </Space>
  );
}
