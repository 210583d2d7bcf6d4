import type { Field, ObjectMeta } from '../../api/meta';

const HIDDEN_BY_DEFAULT = new Set(['id', 'version', 'deleted_at', 'created_by', 'updated_by', 'updated_at']);

/** Fields that may be shown as columns. */
export function columnFields(fields: Field[]): Field[] {
  return fields.filter((f) => !HIDDEN_BY_DEFAULT.has(f.name) || f.name === 'updated_at' || f.name === 'created_by');
}

/** Columns modules add to an object's first-visit columns (lead scoring: the score), by object. */
const moduleDefaults = new Map<string, string[]>();
export function registerDefaultColumns(object: string, names: string[]) {
  moduleDefaults.set(object, [...(moduleDefaults.get(object) ?? []), ...names]);
}
/** The columns modules added to an object (phone cards show them too). */
export const moduleColumns = (object: string): string[] => moduleDefaults.get(object) ?? [];

/** First-visit columns: title, subtitle fields, the next few non-text fields, columns modules add, owner and creation time. */
export function defaultColumns(meta: ObjectMeta, fields: Field[]): string[] {
  const picked = [meta.titleField, ...meta.subtitleFields];
  for (const f of fields) {
    if (picked.length >= 7) break;
    if (!f.system && f.type !== 'long_text' && f.name !== 'owner_id' && f.name !== 'external_id' && !picked.includes(f.name)) picked.push(f.name);
  }
  picked.push(...moduleColumns(meta.name), 'owner_id', 'created_at');
  return fields.map((f) => f.name).filter((n) => picked.includes(n));
}
