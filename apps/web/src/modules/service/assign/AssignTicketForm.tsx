import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecordList } from '../../../api/records';
import type { ActionFormProps } from '../../automation/actionForms';

const STRATEGIES = ['round_robin', 'least_open', 'category'];

/** assign_ticket: a strategy, and the support group (default: the ticket's own). */
export function AssignTicketForm({ value, onChange }: ActionFormProps) {
  const { t } = useTranslation();
  const groups = useRecordList('support_groups', { limit: 200, sort: 'name' });
  const set = (patch: Record<string, unknown>) => onChange({ ...value, ...patch });
  return (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
      <Select style={{ width: 200 }} value={value.strategy as string} data-testid="assign-ticket-strategy" onChange={(strategy) => set({ strategy })}
        options={STRATEGIES.map((s) => ({ value: s, label: t(`service.assign.${s}`) }))} />
      <Select style={{ width: 220 }} allowClear value={(value.groupId as string | undefined) ?? undefined} placeholder={t('service.assign.ownGroup')} data-testid="assign-ticket-group"
        onChange={(groupId?: string) => onChange(Object.fromEntries(Object.entries({ ...value, groupId }).filter(([, v]) => v !== undefined)) as typeof value)}
        options={(groups.data?.data ?? []).map((g) => ({ value: g.id, label: String(g.name) }))} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('service.assign.hintWithAway', { hint: t(`service.assign.hint_${value.strategy as string}`, { defaultValue: '' }), away: t('service.assign.awaySkipped') })}</Typography.Text>
    </div>
  );
}
