import { App, Button, Card, Form, Grid, Input, Select, Space, Switch, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../api/auth';
import { ApiError } from '../../api/client';
import { useUserName } from '../../api/users';
import { applyFieldErrors } from './formErrors';
import { testRobot, usePreferences, useSavePreferences, type ChannelPrefs, type RobotInput } from './api';

const CHANNELS = ['inApp', 'email', 'robot'] as const;

/**
 * /account/notifications — which kinds reach me on which channel, and my group robot.
 * Administrators open another user's with ?user=<id> (from Settings → E-mail).
 */
export default function NotificationPreferencesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const [params] = useSearchParams();
  const me = useMe();
  const other = me.data?.permissions.admin && params.get('user') !== me.data.user.id ? (params.get('user') ?? undefined) : undefined;
  const otherName = useUserName(other);
  const prefs = usePreferences(other);
  const save = useSavePreferences(other);
  const [form] = Form.useForm<RobotInput>();
  const robot = prefs.data?.robot;

  useEffect(() => {
    if (robot !== undefined) form.setFieldsValue({ provider: robot?.provider ?? 'wecom', webhookUrl: robot?.webhookUrl ?? '', secret: undefined });
  }, [robot, form]);

  const toggle = async (row: ChannelPrefs, channel: (typeof CHANNELS)[number], on: boolean) => {
    try {
      await save.mutateAsync({ kinds: [{ ...row, [channel]: on }] });
      message.success(t('notifications.saved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const saveRobot = async () => {
    const values = await form.validateFields();
    try {
      await save.mutateAsync({ robot: { provider: values.provider, webhookUrl: values.webhookUrl.trim(), ...(values.secret ? { secret: values.secret } : {}) } });
      form.setFieldValue('secret', undefined);
      message.success(t('notifications.saved'));
    } catch (e) {
      if (!applyFieldErrors(form, e, 'robot.')) message.error((e as Error).message);
    }
  };

  const removeRobot = async () => {
    await save.mutateAsync({ robot: null });
    message.success(t('notifications.robotRemoved'));
  };

  const sendTest = async () => {
    try {
      await testRobot();
      message.success(t('notifications.robotTestSent'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e), 8);
    }
  };

  const columns: TableColumnsType<ChannelPrefs> = [
    { key: 'kind', title: t('notifications.kind'), render: (_, row) => <span style={{ wordBreak: 'break-word' }}>{t(`notifications.kinds.${row.kind}`, { defaultValue: row.kind })}</span> },
    ...CHANNELS.map((channel) => ({
      key: channel,
      title: t(`notifications.channel.${channel}`),
      width: phone ? 64 : 120,
      align: 'center' as const,
      render: (_: unknown, row: ChannelPrefs) => (
        <Switch size={phone ? 'small' : 'default'} checked={row[channel]} onChange={(on) => void toggle(row, channel, on)} data-testid={`pref-${row.kind}-${channel}`} aria-label={`${row.kind} ${channel}`} />
      ),
    })),
  ];

  return (
    <div className="crm-page" data-testid="notification-preferences" style={{ maxWidth: 860 }}>
      <Typography.Title level={4} style={{ marginTop: 0, wordBreak: 'break-word' }}>
        {other ? t('notifications.preferencesOf', { name: otherName ?? '…' }) : t('notifications.preferencesTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('notifications.preferencesIntro')}</Typography.Paragraph>
      <Table<ChannelPrefs> rowKey="kind" size="middle" loading={prefs.isLoading} dataSource={prefs.data?.kinds ?? []} columns={columns} pagination={false} style={{ marginBottom: 24 }} />

      {/* The form appears with this user's robot already in it: typed into before it loaded, it was overwritten. */}
      <Card title={t('notifications.robotTitle')} size="small" loading={!prefs.data}>
        <Typography.Paragraph type="secondary">{t('notifications.robotIntro')}</Typography.Paragraph>
        <Form key={other ?? 'me'} form={form} layout="vertical" style={{ maxWidth: 560 }} initialValues={{ provider: robot?.provider ?? 'wecom', webhookUrl: robot?.webhookUrl ?? '' }}>
          <Form.Item name="provider" label={t('notifications.robotProvider')} rules={[{ required: true }]}>
            <Select options={[{ value: 'wecom', label: t('notifications.wecom') }, { value: 'dingtalk', label: t('notifications.dingtalk') }]} data-testid="robot-provider" />
          </Form.Item>
          <Form.Item name="webhookUrl" label={t('notifications.robotUrl')} rules={[{ required: true, message: t('notifications.required') }, { type: 'url', message: t('notifications.invalidUrl') }]}>
            <Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" data-testid="robot-url" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.provider !== b.provider}>
            {({ getFieldValue }) =>
              getFieldValue('provider') === 'dingtalk' && (
                <Form.Item name="secret" label={t('notifications.robotSecret')} extra={t('notifications.robotSecretHint')}>
                  <Input.Password placeholder={robot?.hasSecret ? t('notifications.keepSecret') : 'SEC…'} autoComplete="new-password" />
                </Form.Item>
              )
            }
          </Form.Item>
          <Space wrap>
            <Button type="primary" onClick={saveRobot} loading={save.isPending} data-testid="robot-save">{t('notifications.save')}</Button>
            {!other && <Button onClick={sendTest} disabled={!robot}>{t('notifications.robotTest')}</Button>}
            {robot && <Button danger onClick={removeRobot}>{t('notifications.robotRemove')}</Button>}
          </Space>
        </Form>
      </Card>
    </div>
  );
}
