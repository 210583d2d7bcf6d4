import type { Filter } from '@crm/schema';
import type { Field } from '../../api/meta';

/** A relation field whose picker offers only records matching pickFilter (e.g. segments of the rule's object). */
export type PickableField = Field & { pickFilter?: Filter };

/** Every field input takes and emits the API's value shape, so form values are the request payload. */

export interface FieldInputProps<V = unknown> {
  field: Field;
  value?: V | null;
  onChange?: (value: V | null) => void;
  disabled?: boolean;
  id?: string;
}

export interface FieldDisplayProps<V = unknown> {
  field: Field;
  value: V | null | undefined;
  /** In table cells and cards: one line, no extra chrome. */
  compact?: boolean;
}

export interface FieldKind {
  Input: React.ComponentType<FieldInputProps<any>>;
  Display: React.ComponentType<FieldDisplayProps<any>>;
}

export const isBlank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Two field values are the same for saving if equal, or both blank (an empty tag list and no tags). */
export const sameValue = (a: unknown, b: unknown) => (isBlank(a) && isBlank(b)) || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
