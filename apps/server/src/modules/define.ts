import type { FieldDefinition, FieldType, SelectOption } from '@crm/schema';

type FieldExtras = Partial<Omit<FieldDefinition, 'name' | 'type' | 'label'>>;

/** Compact field definitions for module object metadata. */
export function field(name: string, zh: string, en: string, type: FieldType, extras: FieldExtras = {}): FieldDefinition {
  return {
    name,
    type,
    label: { zh, en },
    required: false,
    unique: false,
    searchable: false,
    indexed: false,
    system: false,
    custom: false,
    archived: false,
    position: 0,
    ...extras,
  };
}

export function options(...items: [value: string, zh: string, en: string, color?: string][]): SelectOption[] {
  return items.map(([value, zh, en, color]) => ({ value, label: { zh, en }, ...(color ? { color } : {}) }));
}

export function relation(name: string, zh: string, en: string, object: string, reverseName: string, reverseZh: string, reverseEn: string, extras: FieldExtras = {}) {
  return field(name, zh, en, 'relation', {
    relation: { object, reverseName, reverseLabel: { zh: reverseZh, en: reverseEn } },
    ...extras,
  });
}
