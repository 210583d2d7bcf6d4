import { Select, Space, Tag } from 'antd';
import type { Field } from '../../api/meta';
import { useLabel } from '../../i18n';
import { BlankValue } from './Empty';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

/** An option as a coloured tag; unknown values (e.g. a removed option) show as their raw value. */
export function OptionTag({ field, value }: { field: Field; value: string }) {
  const label = useLabel();
  const option = field.options?.find((o) => o.value === value);
  return (
    <Tag color={option?.color && option.color !== 'default' ? option.color : undefined} style={{ marginInlineEnd: 4 }}>
      {option ? label(option.label) : value}
    </Tag>
  );
}

/** select and multi_select. */
function SelectInput({ field, value, onChange, disabled, id }: FieldInputProps<string | string[]>) {
  const label = useLabel();
  const multiple = field.type === 'multi_select';
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ optionFilterProp: 'title' }}
      disabled={disabled}
      mode={multiple ? 'multiple' : undefined}
      value={value ?? (multiple ? [] : undefined)}
      onChange={(v) => onChange?.(v === undefined || (Array.isArray(v) && !v.length) ? null : v)}
      options={(field.options ?? []).map((o) => ({
        value: o.value,
        title: label(o.label),
        label: <OptionTag field={field} value={o.value} />,
      }))}
    />
  );
}

function SelectDisplay({ field, value }: FieldDisplayProps<string | string[]>) {
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return <BlankValue />;
  const values = Array.isArray(value) ? value : [value];
  return (
    <Space size={[0, 4]} wrap={false} style={{ maxWidth: '100%', overflow: 'hidden' }}>
      {values.map((v) => (
        <OptionTag key={v} field={field} value={v} />
      ))}
    </Space>
  );
}

export const SelectField: FieldKind = { Input: SelectInput, Display: SelectDisplay };
