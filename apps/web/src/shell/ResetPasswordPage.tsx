import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../api/client';
import { applyServerErrors } from '../engine/formErrors';
import { AuthCard } from './AuthCard';
import { newPasswordRule } from './passwordRule';

/** The page of the e-mailed link (/reset-password?token=…): sets a new password, then to the login. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [form] = Form.useForm();
  const [invalid, setInvalid] = useState(!token);
  const [busy, setBusy] = useState(false);

  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    try {
      await post('/api/auth/password-reset/confirm', { token, password });
      message.success(t('reset.done'));
      navigate('/login', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.details.some((d) => d.path === 'token')) setInvalid(true);
      else applyServerErrors(form, e, message, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard>
      <Typography.Title level={5}>{t('reset.title')}</Typography.Title>
      {invalid ? (
        <Alert type="error" showIcon title={t('reset.invalid')} data-testid="reset-invalid" action={<Link to="/forgot-password">{t('reset.again')}</Link>} />
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="password" label={t('password.new')} rules={[{ required: true, message: t('validation.required') }, newPasswordRule(t)]}>
            <Input.Password autoComplete="new-password" data-testid="reset-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="reset-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="reset-submit">
            {t('reset.submit')}
          </Button>
        </Form>
      )}
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/login">{t('forgot.back')}</Link>
      </div>
    </AuthCard>
  );
}
