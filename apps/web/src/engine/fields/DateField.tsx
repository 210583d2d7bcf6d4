import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { BlankValue } from './Empty';
import { formatDateTime } from './format';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

/** date ('YYYY-MM-DD') and datetime (ISO string with offset). */
function DateInput({ field, value, onChange, disabled, id }: FieldInputProps<string>) {
  const withTime = field.type === 'datetime';
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      disabled={disabled}
      showTime={withTime ? { format: 'HH:mm' } : false}
      format={withTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD'}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? (withTime ? d.second(0).millisecond(0).toISOString() : d.format('YYYY-MM-DD')) : null)}
    />
  );
}

function DateDisplay({ field, value }: FieldDisplayProps<string>) {
  if (!value) return <BlankValue />;
  return <span style={{ whiteSpace: 'nowrap' }}>{field.type === 'datetime' ? formatDateTime(value) : value}</span>;
}

export const DateField: FieldKind = { Input: DateInput, Display: DateDisplay };
