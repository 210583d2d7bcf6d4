import { Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/meta';
import { useLabel } from '../../i18n';
import { FieldInput } from '../fields';
import type { Condition } from './filterModel';

/** The value input of one filter row, chosen by field type and operator. */
export function ConditionValue({ field, condition, onChange }: { field: Field; condition: Condition; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { op, value } = condition;

  if (op === 'between') {
    const [from, to] = Array.isArray(value) ? value : [null, null];
    return (
      <Space.Compact style={{ width: '100%' }}>
        <FieldInput field={field} value={from} onChange={(v) => onChange([v, to])} />
        <FieldInput field={field} value={to} onChange={(v) => onChange([from, v])} />
      </Space.Compact>
    );
  }
  if (field.type === 'select' || field.type === 'multi_select') {
    const multiple = op === 'in' || op === 'nin' || field.type === 'multi_select';
    return (
      <Select
        style={{ width: '100%' }}
        mode={multiple ? 'multiple' : undefined}
        value={multiple ? (Array.isArray(value) ? value : value ? [value] : []) : (value as string | undefined)}
        onChange={onChange}
        options={(field.options ?? []).map((o) => ({ value: o.value, label: label(o.label) }))}
      />
    );
  }
  if (field.type === 'tags') {
    return <Select style={{ width: '100%' }} mode="tags" open={false} value={Array.isArray(value) ? value : value ? [value] : []} onChange={onChange} />;
  }
  if (field.type === 'region') {
    return <Input value={(value as string) ?? ''} placeholder={t('filter.regionText')} onChange={(e) => onChange(e.target.value)} />;
  }
  if (field.type === 'user') {
    // 'me' is resolved by the server, so a saved view "my customers" works for everyone.
    return (
      <Space.Compact style={{ width: '100%' }}>
        <Select
          style={{ width: 110 }}
          value={value === 'me' ? 'me' : 'pick'}
          onChange={(v) => onChange(v === 'me' ? 'me' : null)}
          options={[{ value: 'me', label: t('filter.me') }, { value: 'pick', label: t('filter.pickUser') }]}
        />
        {value !== 'me' && <FieldInput field={field} value={value} onChange={onChange} />}
      </Space.Compact>
    );
  }
  if (field.type === 'long_text') return <Input value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
  return <FieldInput field={{ ...field, type: field.type === 'email' || field.type === 'phone' || field.type === 'url' ? 'text' : field.type, maxLength: undefined, min: undefined, max: undefined }} value={value} onChange={onChange} />;
}
