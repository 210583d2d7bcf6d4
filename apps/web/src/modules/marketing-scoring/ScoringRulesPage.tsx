import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { FilterCondition } from '@crm/schema';
import { Alert, App, Button, Card, Popconfirm, Result, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useObjects } from '../../api/meta';
import { useLabel } from '../../i18n';
import { readsScoringRules, useDeleteRule, useRecompute, useScoringRules, type ScoringRule } from './api';
import { RuleEditor } from './RuleEditor';

/** A fit rule's condition in words: 职位 包含 "总监". */
function useConditionText() {
  const { t } = useTranslation();
  const label = useLabel();
  const { data: objects = [] } = useObjects();
  return (object: string | null, c: FilterCondition) => {
    const field = objects.find((o) => o.name === object)?.fields.find((f) => f.name === c.field);
    const optionLabel = (v: unknown) => {
      const option = field?.options?.find((o) => o.value === v);
      return option ? label(option.label) : String(v);
    };
    const value = c.value === undefined ? '' : Array.isArray(c.value) ? c.value.map(optionLabel).join('、') : optionLabel(c.value);
    return `${field ? label(field.label) : c.field} ${t(`filter.op.${c.op}`)} ${value}`.trim();
  };
}

/** 市场 → 线索评分: the rules behind every lead's and contact's score (市场专员 reads, 市场经理 and admins edit). */
export default function ScoringRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const { data, isLoading } = useScoringRules();
  const remove = useDeleteRule();
  const recompute = useRecompute();
  const conditionText = useConditionText();
  const [editing, setEditing] = useState<ScoringRule | 'new' | null>(null);
  if (me && !readsScoringRules(me.permissions)) return <Result status="403" title={t('scoring.noAccess')} />;
  const canEdit = !!data?.canEdit;

  const what = (r: ScoringRule) => {
    if (r.kind === 'fit') return r.condition ? conditionText(r.object, r.condition) : '—';
    return (
      <span>
        {t(`scoring.activities.${r.activity}`)}
        {r.match && <Typography.Text code style={{ wordBreak: 'break-all' }}>{r.match}</Typography.Text>}
      </span>
    );
  };
  const rescore = async () => {
    const res = await recompute.mutateAsync();
    message.success(t('scoring.recomputed', { changed: res.data.reduce((s, r) => s + r.changed, 0), records: res.data.reduce((s, r) => s + r.records, 0) }));
  };

  return (
    <div className="crm-page" data-testid="scoring-rules">
      <Card
        title={t('scoring.title')}
        extra={canEdit && (
          <Space wrap>
            <Button icon={<ReloadOutlined />} onClick={rescore} loading={recompute.isPending} data-testid="scoring-recompute">{t('scoring.recompute')}</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="scoring-new">{t('scoring.new')}</Button>
          </Space>
        )}
      >
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('scoring.intro')} />
        <Table<ScoringRule>
          rowKey="id"
          loading={isLoading}
          dataSource={data?.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('scoring.empty') }}
          columns={[
            { title: t('scoring.name'), dataIndex: 'name', render: (name: string, r) => <Space wrap size={4}><span style={{ wordBreak: 'break-word' }}>{name}</span>{!r.active && <Tag>{t('scoring.inactive')}</Tag>}</Space> },
            { title: t('scoring.kind'), dataIndex: 'kind', width: 90, render: (k: string) => <Tag color={k === 'fit' ? 'purple' : 'blue'}>{t(`scoring.kinds.${k}`)}</Tag> },
            { title: t('scoring.object'), dataIndex: 'object', width: 100, render: (o: string | null) => t(`scoring.objects.${o ?? 'all'}`) },
            { title: t('scoring.what'), key: 'what', render: (_, r) => what(r) },
            { title: t('scoring.points'), dataIndex: 'points', width: 80, align: 'right', render: (p: number) => <Typography.Text strong type={p < 0 ? 'danger' : undefined}>{p > 0 ? `+${p}` : p}</Typography.Text> },
            { title: t('scoring.decay'), key: 'decay', width: 140, render: (_, r) => (r.kind === 'fit' ? '—' : [r.halfLifeDays ? t('scoring.halfLifeShort', { days: r.halfLifeDays }) : t('scoring.noDecay'), r.maxPoints ? t('scoring.capShort', { max: r.maxPoints }) : null].filter(Boolean).join(' · ')) },
            ...(canEdit ? [{ key: 'actions', width: 140, render: (_: unknown, r: ScoringRule) => (
              <Space>
                <Button size="small" onClick={() => setEditing(r)} data-testid={`scoring-edit-${r.id}`}>{t('common.edit')}</Button>
                <Popconfirm title={t('scoring.confirmDelete')} onConfirm={() => remove.mutate(r.id)}><Button size="small" danger>{t('common.delete')}</Button></Popconfirm>
              </Space>
            ) }] : []),
          ]}
        />
      </Card>
      {editing && <RuleEditor rule={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
