import type { RegionValue } from '@crm/schema';
import { BlankValue } from './Empty';
import { formatRegion } from './format';
import { RegionCascader } from './RegionCascader';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

function RegionInput({ value, onChange, disabled, id }: FieldInputProps<RegionValue>) {
  return <RegionCascader id={id} value={value} disabled={disabled} onChange={(v) => onChange?.(v)} />;
}

function RegionDisplay({ value }: FieldDisplayProps<RegionValue>) {
  const text = formatRegion(value);
  return text ? <span>{text}</span> : <BlankValue />;
}

export const RegionField: FieldKind = { Input: RegionInput, Display: RegionDisplay };
