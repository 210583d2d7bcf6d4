import { Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BlankValue } from './Empty';
import { messageText } from './messageValue';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

function TextInput({ field, value, onChange, disabled, id }: FieldInputProps<string>) {
  const common = {
    id,
    disabled,
    value: value ?? '',
    maxLength: field.maxLength,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange?.(e.target.value === '' ? null : e.target.value),
  };
  return field.type === 'long_text' ? <Input.TextArea {...common} autoSize={{ minRows: 3, maxRows: 10 }} /> : <Input {...common} />;
}

function TextDisplay({ value: stored, compact, field }: FieldDisplayProps<string>) {
  const { t } = useTranslation();
  if (!stored) return <BlankValue />;
  const value = messageText(stored, t);
  if (compact) return <Typography.Text ellipsis={{ tooltip: value }}>{value}</Typography.Text>;
  return field.type === 'long_text' ? <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{value}</div> : <span style={{ wordBreak: 'break-word' }}>{value}</span>;
}

export const TextField: FieldKind = { Input: TextInput, Display: TextDisplay };
