import { SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../../api/meta';
import { FieldInput } from '../../../engine/fields';
import { testSend, usePreview, type MailLocale, type TemplateContent } from './api';

const contactPicker = { name: 'preview_contact', type: 'relation', relation: { object: 'contacts' }, label: { zh: '', en: '' }, readonly: false } as unknown as Field;

/**
 * The template as a chosen contact would get it (rendered by the server, shown in a sandboxed
 * frame: no scripts, no same-origin access), in Chinese or English, and a test send to any address.
 */
export function TemplatePreview({ content }: { content: TemplateContent }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [contactId, setContactId] = useState<string | null>(null);
  const [locale, setLocale] = useState<MailLocale>('zh');
  const [to, setTo] = useState('');
  const [sending, setSending] = useState(false);
  const preview = usePreview(content, contactId, locale);
  const send = async () => {
    setSending(true);
    try {
      await testSend(content, contactId, locale, to.trim());
      message.success(t('marketingEmail.testSent', { to: to.trim() }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSending(false);
    }
  };
  return (
    <Card size="small" title={t('marketingEmail.preview')} data-testid="template-preview">
      <Space direction="vertical" style={{ width: '100%' }}>
        <div className="em-preview-controls">
          <div style={{ flex: 1, minWidth: 200 }}>
            <Typography.Text type="secondary">{t('marketingEmail.previewFor')}</Typography.Text>
            <FieldInput field={contactPicker} value={contactId} onChange={(v) => setContactId((v as string) ?? null)} />
          </div>
          <Segmented value={locale} onChange={(v) => setLocale(v as MailLocale)} options={[{ value: 'zh', label: '中文' }, { value: 'en', label: 'English' }]} />
        </div>
        <Typography.Text strong data-testid="preview-subject">{preview.data?.subject ?? ''}</Typography.Text>
        <iframe className="em-preview-frame" title={t('marketingEmail.preview')} sandbox="" srcDoc={preview.data?.html ?? ''} data-testid="preview-frame" />
        {preview.error && <Typography.Text type="danger">{(preview.error as Error).message}</Typography.Text>}
        <Space.Compact style={{ width: '100%' }}>
          <Input type="email" placeholder={t('marketingEmail.testTo')} value={to} onChange={(e) => setTo(e.target.value)} data-testid="test-send-to" />
          <Button icon={<SendOutlined />} loading={sending} disabled={!to.includes('@')} onClick={send} data-testid="test-send">{t('marketingEmail.testSend')}</Button>
        </Space.Compact>
      </Space>
    </Card>
  );
}
