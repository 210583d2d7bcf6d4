import { MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, post } from '../api/client';
import { AuthCard } from './AuthCard';

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ email }: { email: string }) => {
    setBusy(true);
    setError(null);
    try {
      await post('/api/auth/password-reset', { email });
      setSent(true);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'rate_limited' ? t('forgot.rateLimited') : String((e as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard>
      <Typography.Title level={5}>{t('forgot.title')}</Typography.Title>
      {sent ? (
        <Alert type="success" showIcon title={t('forgot.sent')} data-testid="forgot-sent" style={{ marginBottom: 16 }} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('forgot.intro')}</Typography.Paragraph>
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="email" label={t('login.email')} rules={[{ required: true, message: t('validation.required') }, { type: 'email', message: t('validation.email') }]}>
              <Input prefix={<MailOutlined />} autoComplete="username" data-testid="forgot-email" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="forgot-submit">
              {t('forgot.submit')}
            </Button>
          </Form>
        </>
      )}
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/login">{t('forgot.back')}</Link>
      </div>
    </AuthCard>
  );
}
