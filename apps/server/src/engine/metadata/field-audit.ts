import type { FieldDefinition, Label } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { auditConfigChange } from '../audit/audit.js';
import type { MetadataRegistry } from './registry.js';

/** Who made a change to fields through the API; internal syncs (a pipeline's stage options) pass none and are not audited. */
export interface FieldChangeBy {
  actorId: string | null;
}

const joined = (labels: Label[]) => (labels.length ? { zh: labels.map((l) => l.zh).join('、'), en: labels.map((l) => l.en).join(', ') } : null);

/** A field as an admin sees it in the field editor; the column position is left out (reordering is layout). */
function fieldSnapshot(field: FieldDefinition) {
  return {
    label: field.label,
    name: field.name,
    type: field.type,
    required: field.required,
    unique: field.unique,
    defaultValue: Array.isArray(field.defaultValue) ? field.defaultValue.join(', ') : (field.defaultValue ?? null),
    maxLength: field.maxLength ?? null,
    min: field.min ?? null,
    max: field.max ?? null,
    options: joined((field.options ?? []).map((o) => o.label)),
    relation: field.relation?.object ?? null,
    searchable: field.searchable,
    indexed: field.indexed,
    archived: field.archived,
  };
}

/** Audits a field of `object` going from `before` to `after` (null: added, or purged with its data). */
export async function auditFieldChange(db: Kysely<Database>, metadata: MetadataRegistry, object: string, by: FieldChangeBy | undefined, before: FieldDefinition | null, after: FieldDefinition | null, extra = {}) {
  if (!by) return;
  const objectLabel = metadata.get(object).label;
  const field = (after ?? before)!;
  const name = { zh: `${objectLabel.zh} · ${field.label.zh}`, en: `${objectLabel.en} · ${field.label.en}` };
  await auditConfigChange(db, 'fields', by.actorId, { name }, before && fieldSnapshot(before), after && fieldSnapshot(after), extra);
}
