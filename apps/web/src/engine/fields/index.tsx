import type { FieldType } from '@crm/schema';
import { BooleanField } from './BooleanField';
import { CurrencyField } from './CurrencyField';
import { DateField } from './DateField';
import { LinkField } from './LinkField';
import { NumberField } from './NumberField';
import { RegionField } from './RegionField';
import { RelationField } from './RelationField';
import { SelectField } from './SelectField';
import { TagsField } from './TagsField';
import { TextField } from './TextField';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';
import { UserField } from './UserField';

/** One input + display pair per field type; the engine never switches on type anywhere else for rendering. */
export const FIELD_KINDS: Record<FieldType, FieldKind> = {
  text: TextField,
  long_text: TextField,
  email: LinkField,
  phone: LinkField,
  url: LinkField,
  integer: NumberField,
  decimal: NumberField,
  percent: NumberField,
  currency: CurrencyField,
  date: DateField,
  datetime: DateField,
  boolean: BooleanField,
  select: SelectField,
  multi_select: SelectField,
  tags: TagsField,
  region: RegionField,
  user: UserField,
  relation: RelationField,
};

export function FieldInput(props: FieldInputProps) {
  const { Input } = FIELD_KINDS[props.field.type];
  return <Input {...props} />;
}

export function FieldDisplay(props: FieldDisplayProps) {
  const { Display } = FIELD_KINDS[props.field.type];
  return <Display {...props} />;
}
