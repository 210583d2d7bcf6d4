import { PlusOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, useAdminMutation, useRoles, useTeams } from '../../api/admin';
import { useUsers, type UserSummary } from '../../api/users';
import { applyServerErrors } from '../../engine/formErrors';
import { useLabel } from '../../i18n';
import { LOCALE_NAMES, LOCALES } from '../../i18n/locales';
import { newPasswordRule } from '../../shell/passwordRule';
import { ownedCounts } from '../owner-transfer/api';
import { OwnerTransferDialog } from '../owner-transfer/OwnerTransferDialog';

/** Users: list, create, change role/team/active, reset password, hand a user's records to another. */
export function UsersSettings() {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { data: users = [], isLoading } = useUsers();
  const { data: roles = [] } = useRoles();
  const { data: teams = [] } = useTeams();
  const [editing, setEditing] = useState<UserSummary | 'new' | null>(null);
  const [transferring, setTransferring] = useState<{ user: UserSummary; deactivated?: boolean } | null>(null);
  const [form] = Form.useForm();
  const save = useAdminMutation(
    (v: { id?: string; body: Record<string, unknown> }) => (v.id ? adminApi.patch(`/api/v1/users/${v.id}`, v.body) : adminApi.post('/api/v1/users', v.body)),
    [['users']],
  );

  const open = (u: UserSummary | 'new') => {
    setEditing(u);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ name: u.name, roleId: u.role_id, teamId: u.team_id, active: u.active, locale: u.locale });
    else form.setFieldsValue({ locale: 'zh-CN', active: true });
  };

  const submit = async () => {
    const values = await form.validateFields();
    const body: Record<string, unknown> = { ...values, teamId: values.teamId ?? null };
    if (editing !== 'new') delete body.email;
    if (!body.password) delete body.password;
    try {
      await save.mutateAsync({ id: editing === 'new' ? undefined : editing!.id, body });
      message.success(t('form.updated'));
      setEditing(null);
      // A user just deactivated who still owns records: offer to hand them on right away.
      if (editing !== 'new' && editing!.active && body.active === false) {
        const owned = await ownedCounts(editing!.id).catch(() => ({}));
        if (Object.keys(owned).length) setTransferring({ user: { ...editing!, active: false }, deactivated: true });
      }
    } catch (e) {
      applyServerErrors(form, e, message, t);
    }
  };

  const roleName = (id?: string) => {
    const r = roles.find((x) => x.id === id);
    return r ? label({ zh: r.name_zh, en: r.name_en }) : '';
  };
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} style={{ marginBottom: 12 }} data-testid="user-new">
        {t('settings.newUser')}
      </Button>
      <Table<UserSummary>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={users}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('settings.userName'), dataIndex: 'name', ellipsis: true, width: 160 },
          { key: 'email', title: t('login.email'), dataIndex: 'email', ellipsis: true, width: 220 },
          { key: 'role', title: t('settings.role'), width: 140, render: (_, u) => roleName(u.role_id) },
          { key: 'team', title: t('settings.team'), width: 140, render: (_, u) => teams.find((x) => x.id === u.team_id)?.name ?? '-' },
          { key: 'active', title: t('settings.status'), width: 100, render: (_, u) => (u.active ? <Tag color="green">{t('settings.active')}</Tag> : <Tag>{t('settings.inactive')}</Tag>) },
          {
            key: 'edit', title: '', width: 200, fixed: 'right', render: (_, u) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(u)}>{t('common.edit')}</Button>
                <Button size="small" icon={<UserSwitchOutlined />} onClick={() => setTransferring({ user: u })} data-testid={`owner-transfer-${u.id}`}>{t('ownerTransfer.button')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? t('settings.newUser') : t('settings.editUser')} onOk={submit} onCancel={() => setEditing(null)} confirmLoading={save.isPending} okText={t('common.save')} destroyOnHidden forceRender>
        <Form form={form} layout="vertical">
          {editing === 'new' && (
            <Form.Item name="email" label={t('login.email')} rules={[{ required: true, type: 'email', message: t('validation.email') }]}>
              <Input />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('settings.userName')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="password" label={editing === 'new' ? t('login.password') : t('settings.resetPassword')} rules={[{ required: editing === 'new', message: t('validation.required') }, newPasswordRule(t, () => (editing === 'new' ? form.getFieldValue('email') : editing?.email))]}>
            <Input.Password autoComplete="new-password" placeholder={editing === 'new' ? undefined : t('settings.keepPassword')} />
          </Form.Item>
          <Form.Item name="roleId" label={t('settings.role')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={roles.map((r) => ({ value: r.id, label: label({ zh: r.name_zh, en: r.name_en }) }))} />
          </Form.Item>
          <Form.Item name="teamId" label={t('settings.team')}>
            <Select allowClear options={teams.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="locale" label={t('settings.locale')}>
            <Select options={LOCALES.map((locale) => ({ value: locale, label: LOCALE_NAMES[locale] }))} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={t('settings.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
        </Form>
      </Modal>
      {transferring && <OwnerTransferDialog user={transferring.user} deactivated={transferring.deactivated} onClose={() => setTransferring(null)} />}
    </>
  );
}
