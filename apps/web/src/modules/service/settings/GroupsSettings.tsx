import { App, Card, Empty, Select, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, get } from '../../../api/client';
import { useRecordList, type RecordData } from '../../../api/records';
import { useUserName, useUsers } from '../../../api/users';
import { useObjectMeta } from '../../../api/meta';
import { useLabel } from '../../../i18n';

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

interface Member {
  id: string;
  name: string;
  away: boolean;
  categories: string[];
}

function GroupMembers({ group }: { group: RecordData }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data: users = [] } = useUsers();
  const lead = useUserName(group.lead_user_id as string | null);
  const key = ['service', 'members', group.id];
  const label = useLabel();
  const categoryOptions = (useObjectMeta('tickets')?.fields.find((f) => f.name === 'category')?.options ?? []).map((o) => ({ value: o.value, label: label(o.label) }));
  const members = useQuery({ queryKey: key, queryFn: async () => (await get<{ data: Member[] }>(`/api/v1/support_groups/${group.id}/members`)).data });
  const current = members.data ?? [];
  const categoriesOf = (list: Member[]) => Object.fromEntries(list.filter((m) => m.categories.length).map((m) => [m.id, m.categories]));
  const change = async (userIds: string[], categories = categoriesOf(current)) => {
    try {
      await api('PUT', `/api/v1/support_groups/${group.id}/members`, { userIds, categories });
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
      {current.length > 0 && (
        <div className="service-member-skills">
          <Typography.Text type="secondary">{t('service.settings.skillsHint')}</Typography.Text>
          {current.map((m) => (
            <label key={m.id} className="service-member-skill" data-testid="group-member-skill">
              <span className="service-member-name">{m.name}{m.away && <Typography.Text type="warning"> · {t('service.settings.away')}</Typography.Text>}</span>
              <Select mode="multiple" size="small" style={{ flex: 1, minWidth: 160 }} value={m.categories} options={categoryOptions} placeholder={t('service.settings.anyCategory')}
                onChange={(cats: string[]) => void change(current.map((x) => x.id), { ...categoriesOf(current), [m.id]: cats })} />
            </label>
          ))}
        </div>
      )}
    </Card>
  );
}
