import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useObjects } from '../../api/meta';
import { formatDateTime } from '../../engine/fields/format';
import { useLabel } from '../../i18n';
import { useDeleteRule, useRules, useToggleRule, type Rule } from './api';
import { RuleEditor } from './RuleEditor';
import { TerritoriesPanel } from './TerritoriesPanel';
import './automation.css';

/** Settings → 自动化: the rule list (trigger, switch, last run, failures) and the editor of one rule (?rule=id|new). */
export function AutomationSettings() {
  const { t } = useTranslation();
  const label = useLabel();
  const [params, setParams] = useSearchParams();
  const { data: rules = [], isLoading } = useRules();
  const { data: objects = [] } = useObjects();
  const toggle = useToggleRule();
  const remove = useDeleteRule();
  const open = params.get('rule');
  const openRule = (id: string | null) => setParams(id ? { rule: id } : {});

  if (open) {
    const rule = rules.find((r) => r.id === open) ?? null;
    if (open !== 'new' && !rule) return isLoading ? null : <Empty description={t('automation.notFound')} />;
    return <RuleEditor key={open} rule={rule} onClose={(id) => openRule(id ?? null)} />;
  }

  const objectLabel = (name: string | null) => {
    const meta = objects.find((o) => o.name === name);
    return meta ? label(meta.label) : '';
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        <Typography.Text type="secondary">{t('automation.intro')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => openRule('new')} data-testid="rule-new">{t('automation.newRule')}</Button>
      </div>
      <Table<Rule>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={rules}
        pagination={false}
        scroll={{ x: 720 }}
        data-testid="rule-list"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('automation.empty')} /> }}
        columns={[
          {
            title: t('automation.field.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <div style={{ minWidth: 160, wordBreak: 'break-word' }}>
                <Typography.Link onClick={() => openRule(r.id)} data-testid="rule-link">{name}</Typography.Link>
                {r.description && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.description}</Typography.Text></div>}
              </div>
            ),
          },
          {
            title: t('automation.field.trigger'),
            key: 'trigger',
            render: (_, r) => {
              const field = objects.find((o) => o.name === r.object)?.fields.find((f) => f.name === r.trigger.field);
              return (
                <div style={{ minWidth: 140 }}>
                  {r.object && <Tag>{objectLabel(r.object)}</Tag>}
                  {t(`automation.trigger.${r.trigger.kind}`, { defaultValue: r.trigger.kind })}
                  {field ? ` · ${label(field.label)}` : ''}
                </div>
              );
            },
          },
          {
            title: t('automation.field.enabled'),
            dataIndex: 'enabled',
            width: 90,
            render: (enabled: boolean, r) => <Switch size="small" checked={enabled} loading={toggle.isPending && toggle.variables?.id === r.id} onChange={(v) => toggle.mutate({ id: r.id, enabled: v })} data-testid="rule-switch" />,
          },
          { title: t('automation.lastRun'), dataIndex: 'lastRunAt', width: 170, render: (v: string | null) => (v ? formatDateTime(v) : '—') },
          { title: t('automation.failures'), dataIndex: 'failures', width: 90, render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
          {
            key: 'ops',
            width: 80,
            render: (_, r) => (
              <Popconfirm title={t('automation.confirmDelete')} onConfirm={() => remove.mutate(r.id)}>
                <Button type="link" danger size="small">{t('common.delete')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <TerritoriesPanel />
    </Space>
  );
}
