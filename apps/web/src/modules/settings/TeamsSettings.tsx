import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, useAdminMutation, useTeams, type Team } from '../../api/admin';
import { useUsers } from '../../api/users';
import { applyServerErrors } from '../../engine/formErrors';

type TeamNode = Team & { children?: TeamNode[]; members: number };

/** Teams as a tree (parent → sub-teams); the 'team' scope covers a team and all teams below it. */
export function TeamsSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: teams = [], isLoading } = useTeams();
  const { data: users = [] } = useUsers();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [form] = Form.useForm();
  const save = useAdminMutation(
    (v: { id?: string; body: Record<string, unknown> }) => (v.id ? adminApi.patch(`/api/v1/teams/${v.id}`, v.body) : adminApi.post('/api/v1/teams', v.body)),
    [['teams']],
  );
  const remove = useAdminMutation((id: string) => adminApi.del(`/api/v1/teams/${id}`), [['teams']]);

  const tree = useMemo(() => {
    const nodes = new Map<string, TeamNode>(teams.map((x) => [x.id, { ...x, members: users.filter((u) => u.team_id === x.id).length }]));
    const roots: TeamNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parent_id ? nodes.get(node.parent_id) : undefined;
      if (parent) (parent.children ??= []).push(node);
      else roots.push(node);
    }
    return roots;
  }, [teams, users]);

  const open = (team: Team | 'new') => {
    setEditing(team);
    form.resetFields();
    if (team !== 'new') form.setFieldsValue({ name: team.name, parentId: team.parent_id, leadUserId: team.lead_user_id });
  };
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await save.mutateAsync({ id: editing === 'new' ? undefined : editing!.id, body: { name: values.name, parentId: values.parentId ?? null, leadUserId: values.leadUserId ?? null } });
      setEditing(null);
    } catch (e) {
      applyServerErrors(form, e, message, t);
    }
  };

  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} style={{ marginBottom: 12 }} data-testid="team-new">
        {t('settings.newTeam')}
      </Button>
      <Table<TeamNode>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        locale={{ emptyText: t('settings.noTeams') }}
        columns={[
          { key: 'name', title: t('settings.teamName'), dataIndex: 'name', ellipsis: true },
          { key: 'lead', title: t('settings.teamLead'), width: 160, ellipsis: true, render: (_, team) => users.find((u) => u.id === team.lead_user_id)?.name ?? '-' },
          { key: 'members', title: t('settings.members'), dataIndex: 'members', width: 100 },
          {
            key: 'actions',
            title: '',
            width: 160,
            render: (_, team) => (
              <Space>
                <Button size="small" onClick={() => open(team)}>{t('common.edit')}</Button>
                <Popconfirm title={t('settings.deleteTeam')} okText={t('common.delete')} cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutateAsync(team.id).catch((e: Error) => message.error(e.message))}>
                  <Button size="small" danger>{t('common.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('settings.teamHint')}</Typography.Paragraph>
      <Modal open={!!editing} title={editing === 'new' ? t('settings.newTeam') : t('settings.editTeam')} onOk={submit} onCancel={() => setEditing(null)} okText={t('common.save')} destroyOnHidden forceRender>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('settings.teamName')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="parentId" label={t('settings.parentTeam')}>
            <Select allowClear options={teams.filter((x) => editing === 'new' || x.id !== editing?.id).map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="leadUserId" label={t('settings.teamLead')} extra={t('settings.teamLeadHint')}>
            <Select allowClear showSearch optionFilterProp="label" data-testid="team-lead" options={users.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
