import { PlusOutlined } from '@ant-design/icons';
import type { RolePermissions } from '@crm/schema';
import { App, Button, Card, Col, Form, Input, List, Modal, Popconfirm, Row, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, useAdminMutation, useRoles, type Role } from '../../api/admin';
import { useObjects } from '../../api/meta';
import { applyServerErrors } from '../../engine/formErrors';
import { useLabel } from '../../i18n';
import { FieldRules } from './FieldRules';
import { PermissionMatrix } from './PermissionMatrix';

/** Roles: pick one, edit its names, admin flag, object scopes and field rules, then save. */
export function RolesSettings() {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { data: roles = [] } = useRoles();
  const { data: objects = [] } = useObjects();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = roles.find((r) => r.id === selectedId) ?? roles[0];
  const [draft, setDraft] = useState<{ nameZh: string; nameEn: string; permissions: RolePermissions } | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const save = useAdminMutation((v: { id: string; body: unknown }) => adminApi.patch(`/api/v1/roles/${v.id}`, v.body), [['roles'], ['auth', 'me'], ['meta', 'objects']]);
  const create = useAdminMutation((body: unknown) => adminApi.post<{ data: Role }>('/api/v1/roles', body), [['roles']]);
  const remove = useAdminMutation((id: string) => adminApi.del(`/api/v1/roles/${id}`), [['roles']]);

  useEffect(() => {
    if (selected) setDraft({ nameZh: selected.name_zh, nameEn: selected.name_en, permissions: structuredClone(selected.permissions) });
  }, [selected]);

  const submitNew = async () => {
    const v = await form.validateFields();
    try {
      const { data } = (await create.mutateAsync({ ...v, permissions: selected?.permissions ?? { admin: false, objects: {}, fields: {} } })) as { data: Role };
      setCreating(false);
      setSelectedId(data.id);
    } catch (e) {
      applyServerErrors(form, e, message, t);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} md={6}>
        <Button icon={<PlusOutlined />} block style={{ marginBottom: 8 }} onClick={() => { form.resetFields(); setCreating(true); }} data-testid="role-new">
          {t('roles.new')}
        </Button>
        <List
          bordered
          size="small"
          dataSource={roles}
          renderItem={(r) => (
            <List.Item onClick={() => setSelectedId(r.id)} style={{ cursor: 'pointer', background: r.id === selected?.id ? '#e6f0ff' : undefined }}>
              <span className="crm-ellipsis">{label({ zh: r.name_zh, en: r.name_en })}</span>
              {r.builtin && <Tag style={{ marginInlineEnd: 0 }}>{t('roles.builtin')}</Tag>}
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} md={18}>
        {selected && draft && (
          <Card
            size="small"
            title={<span>{label({ zh: selected.name_zh, en: selected.name_en })} <Typography.Text type="secondary" style={{ fontWeight: 400 }}>{selected.key}</Typography.Text></span>}
            extra={
              <Space>
                {!selected.builtin && (
                  <Popconfirm title={t('roles.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')}
                    onConfirm={() => remove.mutateAsync(selected.id).then(() => setSelectedId(null)).catch((e: Error) => message.error(e.message))}>
                    <Button danger size="small">{t('common.delete')}</Button>
                  </Popconfirm>
                )}
                <Button type="primary" size="small" loading={save.isPending} data-testid="role-save"
                  onClick={() => save.mutateAsync({ id: selected.id, body: draft }).then(() => message.success(t('form.updated'))).catch((e: Error) => message.error(e.message))}>
                  {t('common.save')}
                </Button>
              </Space>
            }
          >
            <Space wrap style={{ marginBottom: 12 }}>
              <Input prefix="中文" value={draft.nameZh} onChange={(e) => setDraft({ ...draft, nameZh: e.target.value })} />
              <Input prefix="EN" value={draft.nameEn} onChange={(e) => setDraft({ ...draft, nameEn: e.target.value })} />
              <span>
                {t('roles.admin')} <Switch checked={draft.permissions.admin} disabled={selected.key === 'admin'} onChange={(admin) => setDraft({ ...draft, permissions: { ...draft.permissions, admin } })} />
              </span>
            </Space>
            <Tabs
              size="small"
              items={[
                { key: 'objects', label: t('roles.objectRights'), children: <PermissionMatrix objects={objects} value={draft.permissions} onChange={(permissions) => setDraft({ ...draft, permissions })} /> },
                { key: 'fields', label: t('roles.fieldRights'), children: <FieldRules objects={objects} value={draft.permissions} onChange={(permissions) => setDraft({ ...draft, permissions })} /> },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('roles.scopeHint')}</Typography.Paragraph>
          </Card>
        )}
      </Col>
      <Modal open={creating} title={t('roles.new')} onOk={submitNew} onCancel={() => setCreating(false)} okText={t('common.create')} confirmLoading={create.isPending} forceRender>
        <Typography.Paragraph type="secondary">{t('roles.copyHint', { role: selected ? label({ zh: selected.name_zh, en: selected.name_en }) : '' })}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="key" label={t('roles.key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,40}$/, message: t('roles.keyRule') }]}>
            <Input placeholder="key_account_manager" />
          </Form.Item>
          <Form.Item name="nameZh" label={t('roles.nameZh')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('roles.nameEn')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Row>
  );
}
