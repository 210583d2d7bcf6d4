import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { meKey, useMe } from '../api/auth';
import { post } from '../api/client';
import { applyServerErrors } from '../engine/formErrors';
import { newPasswordRule } from './passwordRule';

/** Changes the own password; `forced` (a generated password) cannot be dismissed until it is done. */
export function ChangePasswordModal({ open, onClose, forced = false }: { open: boolean; onClose: () => void; forced?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const me = useMe();
  const qc = useQueryClient();

  const submit = async () => {
    const values = await form.validateFields();
    try {
      await post('/api/auth/change-password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('password.changed'));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: meKey });
      onClose();
    } catch (e) {
      applyServerErrors(form, e, message, t);
    }
  };

  return (
    <Modal
      open={open}
      title={t(forced ? 'password.forcedTitle' : 'password.title')}
      onOk={submit}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      maskClosable={!forced}
      keyboard={!forced}
      cancelButtonProps={forced ? { style: { display: 'none' } } : undefined}
      destroyOnHidden
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'password-save' } as never}
    >
      {forced && <Alert type="warning" showIcon title={t('password.forcedHint')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, message: t('validation.required') }, newPasswordRule(t, () => me.data?.user.email)]}>
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
