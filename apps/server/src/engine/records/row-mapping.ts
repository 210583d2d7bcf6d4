import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import { sql, type RawBuilder } from 'kysely';
import { columnsOf, fromColumns } from '../metadata/columns.js';
import { fieldAccess, type AccessContext } from '../permissions/access.js';

/** Fields the user may see, optionally narrowed to the requested names (id and version always). */
export function visibleFields(meta: ObjectMetadata, ctx: AccessContext, requested?: string[]): FieldDefinition[] {
  const wanted = requested?.length ? new Set([...requested, 'id', 'version']) : null;
  return meta.fields.filter(
    (f) => !f.archived && fieldAccess(ctx, meta.name, f.name) !== 'hidden' && (!wanted || wanted.has(f.name)),
  );
}

export function selectColumns(fields: FieldDefinition[], alias = 't'): RawBuilder<unknown> {
  const cols = fields.flatMap((f) =>
    columnsOf(f).map((c) => (f.type === 'date' ? sql`${sql.ref(`${alias}.${c.name}`)}::text AS ${sql.ref(c.name)}` : sql.ref(`${alias}.${c.name}`))),
  );
  return sql.join(cols);
}

export function toApiRecord(fields: FieldDefinition[], row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f.name] = fromColumns(f, row);
  return out;
}
