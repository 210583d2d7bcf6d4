import { COMMON_CURRENCIES, type CurrencyValue } from '@crm/schema';
import { InputNumber, Select, Space } from 'antd';
import { useCompanyMoney } from '../../api/currency';
import { BlankValue } from './Empty';
import { formatMoney } from './format';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

function CurrencyInput({ field, value, onChange, disabled, id }: FieldInputProps<CurrencyValue>) {
  // A new amount starts in the company currency.
  const companyCurrency = useCompanyMoney().currency;
  const currency = value?.currency ?? companyCurrency;
  const codes = COMMON_CURRENCIES.includes(currency) ? COMMON_CURRENCIES : [currency, ...COMMON_CURRENCIES];
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        style={{ width: 90 }}
        disabled={disabled}
        value={currency}
        showSearch
        options={codes.map((c) => ({ value: c, label: c }))}
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
