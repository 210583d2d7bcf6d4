import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Popover, Segmented, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/meta';
import { useLabel } from '../../i18n';
import { ConditionValue } from './ConditionValue';
import { needsValue, operatorsFor, type Condition, type FilterState } from './filterModel';

interface Props {
  fields: Field[];
  value: FilterState;
  onChange: (state: FilterState) => void;
  phone?: boolean;
}

/** Field + operator + typed value rows joined by and/or; applied when the user clicks "apply". */
export function FilterBuilder({ fields, value, onChange, phone }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<FilterState>(value);
  const filterable = fields.filter((f) => f.name !== 'id' && f.name !== 'version' && f.name !== 'deleted_at');

  const update = (i: number, patch: Partial<Condition>) =>
    setDraft((d) => ({ ...d, conditions: d.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));
  const add = () => {
    const first = filterable[0];
    setDraft((d) => ({ ...d, conditions: [...d.conditions, { field: first.name, op: operatorsFor(first)[0] }] }));
  };

  const content = (
    <div style={{ width: phone ? 'calc(100vw - 48px)' : 640 }} data-testid="filter-builder">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>{t('filter.match')}</Typography.Text>
        <Segmented
          size="small"
          value={draft.join}
          onChange={(v) => setDraft((d) => ({ ...d, join: v as 'and' | 'or' }))}
          options={[{ value: 'and', label: t('filter.all') }, { value: 'or', label: t('filter.any') }]}
        />
      </Space>
      {draft.conditions.map((c, i) => {
        const field = filterable.find((f) => f.name === c.field) ?? filterable[0];
        return (
          <div key={i} style={{ display: 'flex', gap: 8, marginBottom: 8, flexWrap: phone ? 'wrap' : 'nowrap' }} data-testid="filter-row">
            <Select
              style={{ width: phone ? '48%' : 160, flexShrink: 0 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={field.name}
              data-testid="filter-field"
              onChange={(name) => {
                const f = filterable.find((x) => x.name === name)!;
                update(i, { field: name, op: operatorsFor(f)[0], value: undefined });
              }}
              options={filterable.map((f) => ({ value: f.name, label: label(f.label) }))}
            />
            <Select
              style={{ width: phone ? '48%' : 120, flexShrink: 0 }}
              value={c.op}
              data-testid="filter-op"
              onChange={(op) => update(i, { op, value: op === 'between' ? [null, null] : c.op === 'between' ? undefined : c.value })}
              options={operatorsFor(field).map((op) => ({ value: op, label: t(`filter.op.${op}`) }))}
            />
            <div style={{ flex: 1, minWidth: phone ? '80%' : 0 }} data-testid="filter-value">
              {needsValue(c.op) && <ConditionValue field={field} condition={c} onChange={(v) => update(i, { value: v })} />}
            </div>
            <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => setDraft((d) => ({ ...d, conditions: d.conditions.filter((_, j) => j !== i) }))} />
          </div>
        );
      })}
      {!draft.conditions.length && <Typography.Paragraph type="secondary">{t('filter.none')}</Typography.Paragraph>}
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 8 }}>
        <Button icon={<PlusOutlined />} onClick={add} data-testid="filter-add">
          {t('filter.add')}
        </Button>
        <Space>
          <Button onClick={() => { setDraft({ join: 'and', conditions: [] }); onChange({ join: 'and', conditions: [] }); setOpen(false); }}>{t('filter.clear')}</Button>
          <Button type="primary" data-testid="filter-apply" onClick={() => { onChange(draft); setOpen(false); }}>
            {t('filter.apply')}
          </Button>
        </Space>
      </div>
    </div>
  );

  const active = value.conditions.length;
  return (
    <Popover
      trigger="click"
      open={open}
      placement="bottomLeft"
      onOpenChange={(o) => {
        setOpen(o);
        if (o) setDraft(value.conditions.length ? value : { join: value.join, conditions: [] });
      }}
      content={content}
    >
      <Badge count={active} size="small">
        <Button icon={<FilterOutlined />} data-testid="filter-button">
          {t('filter.button')}
        </Button>
      </Badge>
    </Popover>
  );
}
