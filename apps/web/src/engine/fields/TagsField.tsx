import { Select, Tag } from 'antd';
import { BlankValue } from './Empty';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

/** Free-form labels: type and press Enter. */
function TagsInput({ value, onChange, disabled, id }: FieldInputProps<string[]>) {
  return (
    <Select
      id={id}
      mode="tags"
      disabled={disabled}
      tokenSeparators={[',', '，']}
      value={value ?? []}
      open={false}
      suffixIcon={null}
      onChange={(v: string[]) => onChange?.(v.length ? v.map((s) => s.trim()).filter(Boolean) : null)}
    />
  );
}

function TagsDisplay({ value, compact }: FieldDisplayProps<string[]>) {
  if (!value?.length) return <BlankValue />;
  return (
    <span style={{ display: 'inline-flex', flexWrap: compact ? 'nowrap' : 'wrap', gap: 4, overflow: 'hidden', maxWidth: '100%' }}>
      {value.map((v) => (
        <Tag key={v} style={{ margin: 0 }}>
          {v}
        </Tag>
      ))}
    </span>
  );
}

export const TagsField: FieldKind = { Input: TagsInput, Display: TagsDisplay };
