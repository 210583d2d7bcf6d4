import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Select, Spin, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { chatKeys, useChatSettings, type ChatSettings } from './api';

type Values = Omit<ChatSettings, 'widgetUrl' | 'snippet'>;

/** Settings → 客服 → 在线客服: the switch, the sites the widget may run on, greetings and the snippet to paste. */
export function ChatSettingsPane() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data } = useChatSettings();
  const [form] = Form.useForm<Values>();
  if (!data) return <Spin />;
  const save = async (values: Values) => {
    try {
      const res = await api<{ data: ChatSettings }>('PUT', '/api/v1/chat/settings', values);
      qc.setQueryData(chatKeys.settings, res.data);
      void message.success(t('chat.settings.saved'));
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  return (
    <div data-testid="chat-settings" style={{ maxWidth: 720 }}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('chat.settings.intro')} />
      <Form form={form} layout="vertical" initialValues={data} onFinish={save}>
        <Form.Item name="enabled" label={t('chat.settings.enabled')} valuePropName="checked"><Switch data-testid="chat-settings-enabled" /></Form.Item>
        <Form.Item name="allowedOrigins" label={t('chat.settings.origins')} extra={t('chat.settings.originsHint')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} open={false} placeholder="https://www.example.com" data-testid="chat-settings-origins" />
        </Form.Item>
        <Form.Item name="greetingZh" label={t('chat.settings.greetingZh')} rules={[{ required: true, max: 500 }]}><Input.TextArea autoSize /></Form.Item>
        <Form.Item name="greetingEn" label={t('chat.settings.greetingEn')} rules={[{ required: true, max: 500 }]}><Input.TextArea autoSize /></Form.Item>
        <Form.Item name="offlineZh" label={t('chat.settings.offlineZh')} rules={[{ required: true, max: 500 }]}><Input.TextArea autoSize /></Form.Item>
        <Form.Item name="offlineEn" label={t('chat.settings.offlineEn')} rules={[{ required: true, max: 500 }]}><Input.TextArea autoSize /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="chat-settings-save">{t('common.save')}</Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t('chat.settings.snippet')}</Typography.Title>
      {!data.allowedOrigins.length && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('chat.settings.noOrigins')} />}
      <Typography.Paragraph copyable={{ text: data.snippet }}>
        <pre data-testid="chat-snippet" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{data.snippet}</pre>
      </Typography.Paragraph>
    </div>
  );
}
