import type { FieldDefinition } from '@crm/schema';

const base = { required: false, unique: false, searchable: false, indexed: false, custom: false, archived: false } as const;

/**
 * The id another system (Salesforce 001…, an ERP code) gives a record: unique per object when set,
 * so imports can update instead of duplicate and relation cells can name it.
 */
export const EXTERNAL_ID_FIELD: FieldDefinition = { ...base, unique: true, maxLength: 255, name: 'external_id', label: { zh: '外部编号', en: 'External ID' }, type: 'text', system: false, position: 899 };

/** Fields every object has. Only owner_id and external_id are writable by clients. */
export const SYSTEM_FIELDS: FieldDefinition[] = [
  { ...base, name: 'id', label: { zh: 'ID', en: 'ID' }, type: 'text', system: true, position: -100 },
  EXTERNAL_ID_FIELD,
  { ...base, name: 'owner_id', label: { zh: '负责人', en: 'Owner' }, type: 'user', system: false, position: 900 },
  { ...base, name: 'created_at', label: { zh: '创建时间', en: 'Created at' }, type: 'datetime', system: true, position: 901 },
  { ...base, name: 'created_by', label: { zh: '创建人', en: 'Created by' }, type: 'user', system: true, position: 902 },
  { ...base, name: 'updated_at', label: { zh: '更新时间', en: 'Updated at' }, type: 'datetime', system: true, position: 903 },
  { ...base, name: 'updated_by', label: { zh: '更新人', en: 'Updated by' }, type: 'user', system: true, position: 904 },
  { ...base, name: 'version', label: { zh: '版本', en: 'Version' }, type: 'integer', system: true, position: 905 },
  { ...base, name: 'deleted_at', label: { zh: '删除时间', en: 'Deleted at' }, type: 'datetime', system: true, position: 906 },
];

export const SYSTEM_FIELD_NAMES = new Set(SYSTEM_FIELDS.map((f) => f.name));
