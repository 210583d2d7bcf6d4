import type { CurrencyValue } from '@crm/schema';
import { InputNumber, Select, Space } from 'antd';
import { BlankValue } from './Empty';
import { formatMoney } from './format';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'];

function CurrencyInput({ field, value, onChange, disabled, id }: FieldInputProps<CurrencyValue>) {
  const currency = value?.currency ?? 'CNY';
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        style={{ width: 90 }}
        disabled={disabled}
        value={currency}
        options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        onChange={(c) => onChange?.(value ? { ...value, currency: c } : null)}
      />
      <InputNumber
        id={id}
        style={{ width: '100%' }}
        disabled={disabled}
        min={field.min}
        max={field.max}
        value={value?.amount ?? null}
        onChange={(v) => onChange?.(v === null || v === undefined ? null : { amount: Number(v), currency })}
      />
    </Space.Compact>
  );
}

function CurrencyDisplay({ value }: FieldDisplayProps<CurrencyValue>) {
  if (!value || value.amount === null || value.amount === undefined) return <BlankValue />;
  return <span style={{ whiteSpace: 'nowrap' }}>{formatMoney(Number(value.amount), value.currency)}</span>;
}

export const CurrencyField: FieldKind = { Input: CurrencyInput, Display: CurrencyDisplay };
