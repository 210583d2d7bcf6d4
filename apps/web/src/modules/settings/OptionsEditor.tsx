import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SelectOption } from '@crm/schema';
import { Button, Input, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS = ['default', 'blue', 'cyan', 'geekblue', 'green', 'gold', 'orange', 'red', 'magenta', 'purple'];

/**
 * Options of a select field: value (fixed once saved, records store it), zh/en labels, colour, order.
 * `locked` values already exist in data and cannot be renamed.
 */
export function OptionsEditor({ value = [], onChange, locked = [] }: { value?: SelectOption[]; onChange?: (v: SelectOption[]) => void; locked?: string[] }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<SelectOption>) => onChange?.(value.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const move = (i: number, by: number) => {
    const next = [...value];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    onChange?.(next);
  };
  return (
    <div data-testid="options-editor">
      {value.map((o, i) => (
        <Space.Compact key={i} style={{ width: '100%', marginBottom: 6 }}>
          <Input style={{ width: '22%' }} placeholder={t('fields.optionValue')} value={o.value} disabled={locked.includes(o.value)}
            onChange={(e) => set(i, { value: e.target.value.trim() })} data-testid="option-value" />
          <Input style={{ width: '26%' }} placeholder="中文" value={o.label.zh} onChange={(e) => set(i, { label: { ...o.label, zh: e.target.value } })} data-testid="option-zh" />
          <Input style={{ width: '26%' }} placeholder="English" value={o.label.en} onChange={(e) => set(i, { label: { ...o.label, en: e.target.value } })} data-testid="option-en" />
          <Select style={{ width: '16%' }} value={o.color ?? 'default'} onChange={(color) => set(i, { color })}
            options={COLORS.map((c) => ({ value: c, label: <Tag color={c === 'default' ? undefined : c} style={{ margin: 0 }}>■</Tag> }))} />
          <Button icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label="up" />
          <Button icon={<ArrowDownOutlined />} disabled={i === value.length - 1} onClick={() => move(i, 1)} aria-label="down" />
          <Button icon={<DeleteOutlined />} disabled={locked.includes(o.value)} onClick={() => onChange?.(value.filter((_, j) => j !== i))} aria-label={t('common.remove')} />
        </Space.Compact>
      ))}
      <Button size="small" icon={<PlusOutlined />} data-testid="option-add"
        onClick={() => onChange?.([...value, { value: `option_${value.length + 1}`, label: { zh: '', en: '' } }])}>
        {t('fields.addOption')}
      </Button>
    </div>
  );
}
