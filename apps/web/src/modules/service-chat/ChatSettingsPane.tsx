import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Spin, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useRecordList } from '../../api/records';
import { chatApi, chatKeys, useChatSettings, type ChatSettings, type ChatTopic } from './api';

type Values = Omit<ChatSettings, 'widgetUrl' | 'snippet' | 'missedAfterSeconds'> & { missedAfterMinutes: number };

/**
 * Settings → 客服 → 在线客服: the switch, the sites the widget may run on, greetings, where chats go
 * (the default support group and the topics a visitor may pick), when an unanswered chat counts as
 * missed, the snippet to paste and a new widget token when the old one leaked.
 */
export function ChatSettingsPane() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data } = useChatSettings();
  const groups = useRecordList('support_groups', { limit: 200, fields: ['name'], sort: 'name' });
  const [form] = Form.useForm<Values>();
  if (!data) return <Spin />;
  const groupOptions = (groups.data?.data ?? []).map((g) => ({ value: g.id as string, label: String(g.name) }));
  const save = async ({ missedAfterMinutes, ...values }: Values) => {
    try {
      const topics = (values.topics ?? []).map((x: ChatTopic) => ({ ...x, groupId: x.groupId ?? null }));
      const res = await api<{ data: ChatSettings }>('PUT', '/api/v1/chat/settings', { ...values, defaultGroupId: values.defaultGroupId ?? null, topics, missedAfterSeconds: Math.round(missedAfterMinutes * 60) });
      qc.setQueryData(chatKeys.settings, res.data);
      void message.success(t('chat.settings.saved'));
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const newToken = async () => {
    try {
      qc.setQueryData(chatKeys.settings, (await chatApi.newToken()).data);
      void message.success(t('chat.settings.newTokenDone'));
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  const { widgetUrl: _url, snippet: _snippet, missedAfterSeconds, ...initial } = data;
  return (
    <div data-testid="chat-settings" style={{ maxWidth: 720 }}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('chat.settings.intro')} />
      <Form form={form} layout="vertical" initialValues={{ ...initial, missedAfterMinutes: missedAfterSeconds / 60 }} onFinish={save}>
        <Form.Item name="enabled" label={t('chat.settings.enabled')} valuePropName="checked"><Switch data-testid="chat-settings-enabled" /></Form.Item>
        <Form.Item name="allowedOrigins" label={t('chat.settings.origins')} extra={t('chat.settings.originsHint')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} open={false} placeholder="https://www.example.com" data-testid="chat-settings-origins" />
        </Form.Item>
        <Form.Item name="greetingZh" label={t('chat.settings.greetingZh')} rules={[{ required: true, max: 500 }]}><Input.TextArea autoSize /></Form.Item>
        <Form.Item name="greetingEn" label={t('chat.settings.greetingEn')} rules={[{ required: true, max: 500 }]}><Input.TextArea autoSize /></Form.Item>
        <Form.Item name="offlineZh" label={t('chat.settings.offlineZh')} rules={[{ required: true, max: 500 }]}><Input.TextArea autoSize /></Form.Item>
        <Form.Item name="offlineEn" label={t('chat.settings.offlineEn')} rules={[{ required: true, max: 500 }]}><Input.TextArea autoSize /></Form.Item>

        <Typography.Title level={5}>{t('chat.settings.routing')}</Typography.Title>
        <Form.Item name="defaultGroupId" label={t('chat.settings.defaultGroup')} extra={t('chat.settings.defaultGroupHint')}>
          <Select allowClear options={groupOptions} placeholder={t('chat.settings.anyAgent')} loading={groups.isLoading} data-testid="chat-settings-group" />
        </Form.Item>
        <Form.Item label={t('chat.settings.topics')} extra={t('chat.settings.topicsHint')}>
          <Form.List name="topics">
            {(fields, { add, remove }) => (
              <div data-testid="chat-settings-topics" style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 8 }}>
                {fields.map(({ key, name }) => (
                  <Space key={key} wrap align="start">
                    <Form.Item name={[name, 'key']} rules={[{ required: true, pattern: /^[a-z0-9_-]{1,40}$/, message: t('chat.settings.topicKeyRule') }]} noStyle><Input placeholder={t('chat.settings.topicKey')} style={{ width: 110 }} /></Form.Item>
                    <Form.Item name={[name, 'zh']} rules={[{ required: true, max: 60 }]} noStyle><Input placeholder={t('chat.settings.topicZh')} style={{ width: 120 }} /></Form.Item>
                    <Form.Item name={[name, 'en']} rules={[{ required: true, max: 60 }]} noStyle><Input placeholder={t('chat.settings.topicEn')} style={{ width: 120 }} /></Form.Item>
                    <Form.Item name={[name, 'groupId']} noStyle><Select allowClear options={groupOptions} placeholder={t('chat.settings.topicGroup')} style={{ width: 150 }} /></Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label={t('common.delete')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', zh: '', en: '', groupId: null })} data-testid="chat-settings-add-topic">{t('chat.settings.addTopic')}</Button>
              </div>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="missedAfterMinutes" label={t('chat.settings.missedAfter')} extra={t('chat.settings.missedAfterHint')} rules={[{ required: true }]}>
          <InputNumber min={0.5} max={60} step={1} addonAfter={t('chat.settings.minutes')} data-testid="chat-settings-missed" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="chat-settings-save">{t('common.save')}</Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t('chat.settings.snippet')}</Typography.Title>
      {!data.allowedOrigins.length && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('chat.settings.noOrigins')} />}
      <Typography.Paragraph copyable={{ text: data.snippet }}>
        <pre data-testid="chat-snippet" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{data.snippet}</pre>
      </Typography.Paragraph>
      <Popconfirm title={t('chat.settings.newTokenConfirm')} onConfirm={newToken} okButtonProps={{ danger: true }}>
        <Button danger data-testid="chat-settings-new-token">{t('chat.settings.newToken')}</Button>
      </Popconfirm>
    </div>
  );
}
