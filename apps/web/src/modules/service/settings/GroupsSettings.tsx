import { App, Card, Empty, Select, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, get } from '../../../api/client';
import { useRecordList, type RecordData } from '../../../api/records';
import { useUserName, useUsers } from '../../../api/users';

/** Support groups are engine records (edited in their list); here each group's members are picked. */
export function GroupsSettings() {
  const { t } = useTranslation();
  const groups = useRecordList('support_groups', { limit: 200, sort: 'name' });
  const rows = groups.data?.data ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="groups-settings">
      <Typography.Text type="secondary">
        {t('service.settings.groupsHint')} <Link to="/o/support_groups">{t('service.settings.openGroups')}</Link>
      </Typography.Text>
      {!groups.isLoading && !rows.length && <Empty description={t('service.settings.noGroups')} />}
      {rows.map((g) => <GroupMembers key={g.id} group={g} />)}
    </Space>
  );
}

function GroupMembers({ group }: { group: RecordData }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data: users = [] } = useUsers();
  const lead = useUserName(group.lead_user_id as string | null);
  const key = ['service', 'members', group.id];
  const members = useQuery({ queryKey: key, queryFn: async () => (await get<{ data: { id: string; name: string; away: boolean }[] }>(`/api/v1/support_groups/${group.id}/members`)).data });
  const change = async (userIds: string[]) => {
    try {
      await api('PUT', `/api/v1/support_groups/${group.id}/members`, { userIds });
      await client.invalidateQueries({ queryKey: key });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card size="small" title={<Link to={`/o/support_groups/${group.id}`}>{String(group.name)}</Link>} extra={lead && <Typography.Text type="secondary">{lead}</Typography.Text>}>
      <Select
        mode="multiple"
        style={{ width: '100%' }}
        placeholder={t('service.settings.members')}
        loading={members.isLoading}
        value={(members.data ?? []).map((m) => m.id)}
        onChange={(ids: string[]) => void change(ids)}
        optionFilterProp="label"
        options={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
        data-testid={`group-members-${String(group.name)}`}
      />
    </Card>
  );
}
