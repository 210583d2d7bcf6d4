import { App, Card, InputNumber, Switch, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../api/meta';
import { useLabel } from '../../i18n';
import { useDuplicateRules, useSaveRule, type DuplicateRule } from './api';

/** Settings › 查重规则: enable rules, fuzzy matching and its similarity threshold, and 撞单 blocking, per object. */
export function DuplicateRulesSettings() {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { data = [], isLoading } = useDuplicateRules();
  const { data: objects = [] } = useObjects();
  const save = useSaveRule();
  const update = async (rule: DuplicateRule, change: Partial<DuplicateRule>) => {
    try {
      await save.mutateAsync({ ...rule, ...change });
      message.success(t('duplicates.rules.saved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const fieldLabel = (object: string, name: string) => label(objects.find((o) => o.name === object)?.fields.find((f) => f.name === name)?.label) || name;

  return (
    <div data-testid="duplicate-rules">
      {data.map(({ object, rules }) => (
        <Card key={object} size="small" title={label(objects.find((o) => o.name === object)?.pluralLabel) || object} style={{ marginBottom: 12 }}>
          <Table
            rowKey="key"
            size="small"
            loading={isLoading}
            pagination={false}
            dataSource={rules}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'rule', title: t('duplicates.rules.rule'), render: (_, r) => label(r.label) },
              { key: 'fields', title: t('duplicates.rules.fields'), render: (_, r) => r.fields.map((f) => <Tag key={f}>{fieldLabel(object, f)}</Tag>) },
              { key: 'enabled', title: t('duplicates.rules.enabled'), render: (_, r) => <Switch checked={r.enabled} onChange={(enabled) => update(r, { enabled })} data-testid={`rule-enabled-${object}-${r.key}`} /> },
              {
                key: 'block',
                title: (
                  <Tooltip title={t('duplicates.rules.blockHint')}>
                    <span>{t('duplicates.rules.block')}</span>
                  </Tooltip>
                ),
                render: (_, r) => <Switch checked={r.block} disabled={!r.enabled} onChange={(block) => update(r, { block })} data-testid={`rule-block-${object}-${r.key}`} />,
              },
              {
                key: 'fuzzy',
                title: t('duplicates.rules.fuzzy'),
                render: (_, r) => (r.kind === 'company' || r.kind === 'person' ? <Switch checked={r.fuzzy} onChange={(fuzzy) => update(r, { fuzzy })} /> : <span>—</span>),
              },
              {
                key: 'threshold',
                title: t('duplicates.rules.threshold'),
                render: (_, r) =>
                  r.kind === 'company' ? (
                    <InputNumber min={0.3} max={1} step={0.05} value={r.threshold} disabled={!r.fuzzy} onChange={(v) => typeof v === 'number' && update(r, { threshold: v })} style={{ width: 90 }} />
                  ) : (
                    <span>—</span>
                  ),
              },
            ]}
          />
        </Card>
      ))}
    </div>
  );
}
