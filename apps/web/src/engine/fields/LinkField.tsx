import { Input, Typography } from 'antd';
import { BlankValue } from './Empty';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

/** email, phone and url: typed text that displays as a clickable link. */
function LinkInput({ field, value, onChange, disabled, id }: FieldInputProps<string>) {
  const type = field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : 'tel';
  return (
    <Input
      id={id}
      type={type}
      disabled={disabled}
      value={value ?? ''}
      placeholder={field.type === 'url' ? 'https://' : undefined}
      onChange={(e) => onChange?.(e.target.value === '' ? null : e.target.value)}
    />
  );
}

function LinkDisplay({ field, value, compact }: FieldDisplayProps<string>) {
  if (!value) return <BlankValue />;
  const href = field.type === 'email' ? `mailto:${value}` : field.type === 'phone' ? `tel:${value.replace(/\s/g, '')}` : value;
  return (
    <Typography.Link href={href} target={field.type === 'url' ? '_blank' : undefined} ellipsis={compact} onClick={(e) => e.stopPropagation()}>
      {value}
    </Typography.Link>
  );
}

export const LinkField: FieldKind = { Input: LinkInput, Display: LinkDisplay };
