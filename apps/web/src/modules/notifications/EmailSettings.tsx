import { App, Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useUsers } from '../../api/users';
import { ApiError } from '../../api/client';
import { useMe } from '../../api/auth';
import { testSmtp, useSaveSmtp, useSmtpSettings, type SmtpInput } from './api';
import { DeliveryLog } from './DeliveryLog';
import { EmailTemplates } from './EmailTemplates';
import { applyFieldErrors } from './formErrors';

const DEFAULT_PORT = { none: 25, starttls: 587, tls: 465 } as const;

/** Settings → E-mail: the SMTP server (with a test send) and the e-mail templates. */
export function EmailSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const settings = useSmtpSettings();
  const save = useSaveSmtp();
  const [form] = Form.useForm<SmtpInput>();
  const [testTo, setTestTo] = useState('');
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    const s = settings.data;
    if (s) form.setFieldsValue({ ...s, password: undefined });
  }, [settings.data, form]);
  useEffect(() => {
    if (me.data && !testTo) setTestTo(me.data.user.email);
  }, [me.data, testTo]);

  const values = async (): Promise<SmtpInput> => {
    const v = await form.validateFields();
    return { ...v, username: v.username || null, appUrl: v.appUrl || null, ...(v.password ? { password: v.password } : { password: undefined }) };
  };

  const onSave = async () => {
    try {
      await save.mutateAsync(await values());
      form.setFieldValue('password', undefined);
      message.success(t('notifications.saved'));
    } catch (e) {
      if (e instanceof ApiError && !applyFieldErrors(form, e)) message.error(e.message);
    }
  };

  const onTest = async () => {
    setTestResult(null);
    let input: SmtpInput;
    try {
      input = await values();
    } catch {
      return;
    }
    setTesting(true);
    try {
      await testSmtp(testTo.trim(), input);
      setTestResult({ ok: true, text: t('notifications.smtpTestOk', { to: testTo }) });
    } catch (e) {
      applyFieldErrors(form, e);
      setTestResult({ ok: false, text: (e as Error).message });
    } finally {
      setTesting(false);
    }
  };

  return (
    <div data-testid="email-settings">
      <Card title={t('notifications.smtpTitle')} size="small" style={{ marginBottom: 16 }} loading={settings.isLoading}>
        <Form form={form} layout="vertical" initialValues={{ security: 'starttls', port: 587 }} style={{ maxWidth: 760 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="host" label={t('notifications.smtpHost')} rules={[{ required: true, message: t('notifications.required') }]}>
                <Input placeholder="smtp.exmail.qq.com" data-testid="smtp-host" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="security" label={t('notifications.smtpSecurity')}>
                <Select
                  onChange={(v: keyof typeof DEFAULT_PORT) => form.setFieldValue('port', DEFAULT_PORT[v])}
                  options={(['tls', 'starttls', 'none'] as const).map((v) => ({ value: v, label: t(`notifications.security.${v}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="port" label={t('notifications.smtpPort')} rules={[{ required: true, message: t('notifications.required') }]}>
                <InputNumber min={1} max={65535} style={{ width: '100%' }} data-testid="smtp-port" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="username" label={t('notifications.smtpUser')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="password" label={t('notifications.smtpPassword')} extra={settings.data?.hasPassword ? t('notifications.passwordKept') : undefined}>
                <Input.Password autoComplete="new-password" placeholder={settings.data?.hasPassword ? '••••••••' : ''} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="fromName" label={t('notifications.fromName')} rules={[{ required: true, message: t('notifications.required') }]}>
                <Input placeholder={t('app.name')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="fromAddress" label={t('notifications.fromAddress')} rules={[{ required: true, message: t('notifications.required') }, { type: 'email', message: t('notifications.invalidEmail') }]}>
                <Input placeholder="crm@example.com" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="appUrl" label={t('notifications.appUrl')} extra={t('notifications.appUrlHint')} rules={[{ type: 'url', message: t('notifications.invalidUrl') }]}>
                <Input placeholder="https://crm.example.com" />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap align="start">
            <Button type="primary" onClick={onSave} loading={save.isPending} data-testid="smtp-save">{t('notifications.save')}</Button>
            <Space.Compact>
              <Input value={testTo} onChange={(e) => setTestTo(e.target.value)} style={{ width: 220 }} aria-label={t('notifications.testTo')} data-testid="smtp-test-to" />
              <Button onClick={onTest} loading={testing} data-testid="smtp-test">{t('notifications.smtpTest')}</Button>
            </Space.Compact>
          </Space>
          {testResult && <Alert style={{ marginTop: 12 }} type={testResult.ok ? 'success' : 'error'} showIcon message={testResult.text} data-testid="smtp-test-result" />}
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('notifications.smtpHint')}</Typography.Paragraph>
      </Card>
      <EmailTemplates />
      <MemberPreferences />
      <DeliveryLog />
    </div>
  );
}

/** Administrators open any member's notification settings (channels and group robot). */
function MemberPreferences() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const users = useUsers();
  return (
    <Card title={t('notifications.memberPrefsTitle')} size="small" style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('notifications.memberPrefsIntro')}</Typography.Paragraph>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: '100%', maxWidth: 360 }}
        placeholder={t('notifications.pickMember')}
        loading={users.isLoading}
        options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
        onChange={(id: string) => navigate(`/account/notifications?user=${id}`)}
        data-testid="member-prefs-user"
      />
    </Card>
  );
}
