import type { FieldDefinition } from '@crm/schema';

const base = { required: false, unique: false, searchable: false, indexed: false, custom: false, archived: false } as const;

/** Fields every object has. Only owner_id is writable by clients. */
export const SYSTEM_FIELDS: FieldDefinition[] = [
  { ...base, name: 'id', label: { zh: 'ID', en: 'ID' }, type: 'text', system: true, position: -100 },
  { ...base, name: 'owner_id', label: { zh: '负责人', en: 'Owner' }, type: 'user', system: false, position: 900 },
  { ...base, name: 'created_at', label: { zh: '创建时间', en: 'Created at' }, type: 'datetime', system: true, position: 901 },
  { ...base, name: 'created_by', label: { zh: '创建人', en: 'Created by' }, type: 'user', system: true, position: 902 },
  { ...base, name: 'updated_at', label: { zh: '更新时间', en: 'Updated at' }, type: 'datetime', system: true, position: 903 },
  { ...base, name: 'updated_by', label: { zh: '更新人', en: 'Updated by' }, type: 'user', system: true, position: 904 },
  { ...base, name: 'version', label: { zh: '版本', en: 'Version' }, type: 'integer', system: true, position: 905 },
  { ...base, name: 'deleted_at', label: { zh: '删除时间', en: 'Deleted at' }, type: 'datetime', system: true, position: 906 },
];

export const SYSTEM_FIELD_NAMES = new Set(SYSTEM_FIELDS.map((f) => f.name));
