import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { regionLabel, type RegionValue } from '@crm/schema';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../api/admin';
import { api, get } from '../../api/client';
import { RegionCascader } from '../../engine/fields/RegionCascader';

interface Territory {
  id: string;
  field: string;
  value: string;
  team_id: string;
  position: number;
}

const KEY = ['automation', 'territories'];

/** The territory table used by "assign by territory": region / industry / source value → team. */
export function TerritoriesPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data: teams = [] } = useTeams();
  const { data = [] } = useQuery({ queryKey: KEY, queryFn: async () => (await get<{ data: Territory[] }>('/api/v1/automation/territories')).data });
  const [draft, setDraft] = useState({ field: 'region', value: '', teamId: '' });
  // A region territory is picked from the same divisions as records' regions, at any level.
  const [region, setRegion] = useState<RegionValue | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });
  const add = useMutation({
    mutationFn: () => api('POST', '/api/v1/automation/territories', { ...draft, position: data.length }),
    onSuccess: () => (setDraft((d) => ({ ...d, value: '' })), setRegion(null), refresh()),
    onError: (e: Error) => message.error(e.message),
  });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/api/v1/automation/territories/${id}`), onSuccess: refresh });
  const fields = ['region', 'industry', 'source'].map((f) => ({ value: f, label: t(`automation.territory.${f}`) }));

  return (
    <Card size="small" title={t('automation.territory.title')} data-testid="territories">
      <Table<Territory>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data}
        locale={{ emptyText: t('automation.territory.empty') }}
        columns={[
          { title: t('automation.territory.field'), dataIndex: 'field', render: (f: string) => t(`automation.territory.${f}`) },
          { title: t('automation.territory.value'), dataIndex: 'value' },
          { title: t('settings.team'), dataIndex: 'team_id', render: (id: string) => teams.find((x) => x.id === id)?.name ?? id },
          { key: 'x', width: 50, render: (_, r) => <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove.mutate(r.id)} /> },
        ]}
      />
      <Space wrap style={{ marginTop: 8 }}>
        <Select style={{ width: 120 }} value={draft.field} onChange={(field) => (setDraft({ ...draft, field, value: '' }), setRegion(null))} options={fields} />
        {draft.field === 'region' ? (
          <RegionCascader style={{ width: 260 }} value={region} onChange={(v) => (setRegion(v), setDraft({ ...draft, value: v ? regionLabel(v) : '' }))} />
        ) : (
          <Input style={{ width: 160 }} value={draft.value} placeholder={t('automation.territory.valueHint')} onChange={(e) => setDraft({ ...draft, value: e.target.value })} />
        )}
        <Select style={{ width: 180 }} value={draft.teamId || undefined} placeholder={t('settings.team')} onChange={(teamId) => setDraft({ ...draft, teamId })} options={teams.map((x) => ({ value: x.id, label: x.name }))} />
        <Button icon={<PlusOutlined />} disabled={!draft.value.trim() || !draft.teamId} loading={add.isPending} onClick={() => add.mutate()}>{t('common.add')}</Button>
      </Space>
    </Card>
  );
}
