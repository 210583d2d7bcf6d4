import { InputNumber } from 'antd';
import { BlankValue } from './Empty';
import { formatNumber } from './format';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

/** integer, decimal and percent. */
function NumberInput({ field, value, onChange, disabled, id }: FieldInputProps<number>) {
  return (
    <InputNumber
      id={id}
      style={{ width: '100%' }}
      disabled={disabled}
      value={value ?? null}
      min={field.min}
      max={field.max}
      precision={field.type === 'integer' ? 0 : undefined}
      suffix={field.type === 'percent' ? '%' : undefined}
      onChange={(v) => onChange?.(v === null || v === undefined ? null : Number(v))}
    />
  );
}

function NumberDisplay({ field, value }: FieldDisplayProps<number>) {
  if (value === null || value === undefined) return <BlankValue />;
  const text = formatNumber(value);
  return <span>{field.type === 'percent' ? `${text}%` : text}</span>;
}

export const NumberField: FieldKind = { Input: NumberInput, Display: NumberDisplay };
