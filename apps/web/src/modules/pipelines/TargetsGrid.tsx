import { App, Empty, InputNumber, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../api/admin';
import { useCompanyMoney } from '../../api/currency';
import { useUsers } from '../../api/users';
import { useSetTarget, useTargets } from './api';
import { monthRange } from './months';

/** Monthly targets per rep or team (administrators), in the company currency: one cell per month, saved when left. */
export function TargetsGrid({ from, to, by }: { from: string; to: string; by: 'user' | 'team' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const users = useUsers();
  const teams = useTeams();
  const targets = useTargets(from, to);
  const save = useSetTarget();
  const { currency } = useCompanyMoney();
  const months = monthRange(from, to);
  const owners = by === 'user' ? (users.data ?? []).filter((u) => u.active).map((u) => ({ id: u.id, name: u.name })) : (teams.data ?? []).map((tm) => ({ id: tm.id, name: tm.name }));
  const targetOf = (id: string, month: string) => targets.data?.find((x) => x.month === month && (by === 'user' ? x.userId : x.teamId) === id);

  const onSave = async (id: string, month: string, amount: number | null) => {
    const current = targetOf(id, month);
    if (amount === null || (amount === current?.amount && current.currency === currency)) return;
    try {
      await save.mutateAsync({ month, amount, currency, ...(by === 'user' ? { userId: id } : { teamId: id }) });
      message.success(t('forecast.targetSaved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  if (!owners.length) return <Empty description={t(by === 'user' ? 'forecast.noUsers' : 'forecast.noTeams')} />;
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      scroll={{ x: 'max-content' }}
      loading={targets.isLoading}
      dataSource={owners}
      data-testid="targets-grid"
      columns={[
        { title: t(by === 'user' ? 'forecast.rep' : 'forecast.team'), dataIndex: 'name', fixed: 'left', width: 180, render: (n: string) => <Typography.Text ellipsis={{ tooltip: n }} style={{ maxWidth: 170 }}>{n}</Typography.Text> },
        ...months.map((month) => ({
          title: month,
          key: month,
          render: (_: unknown, o: { id: string; name: string }) => {
            const target = targetOf(o.id, month);
            return (
              <InputNumber
                key={`${o.id}-${month}-${target?.amount ?? ''}`}
                min={0}
                precision={2}
                style={{ width: 130 }}
                defaultValue={target?.amount}
                placeholder={t('forecast.noTarget')}
                // A target set in another currency (before the company currency changed) says which.
                addonAfter={target && target.currency !== currency ? target.currency : undefined}
                onBlur={(e) => void onSave(o.id, month, e.target.value === '' ? null : Number(e.target.value.replace(/,/g, '')))}
                onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
                data-testid={`target-${o.name}-${month}`}
              />
            );
          },
        })),
      ]}
    />
  );
}
