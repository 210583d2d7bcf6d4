import type { Filter, ObjectMetadata } from '@crm/schema';
import type { RawBuilder, SqlBool } from 'kysely';
import { SYSTEM_CONTEXT } from '../../engine/permissions/access.js';
import { compileFilter } from '../../engine/records/query/filters.js';

const TEXTUAL = new Set(['text', 'long_text', 'email', 'phone', 'url', 'select']);
const ARRAYS = new Set(['tags', 'multi_select']);
const PLAIN = new Set(['integer', 'decimal', 'currency', 'percent', 'boolean', 'date', 'datetime', 'user', 'relation']);

/**
 * A rule's conditions as SQL over the object's table (alias t), for evaluating a whole batch of
 * records in one statement. Only where the list filter's SQL means exactly what the in-memory
 * evaluator (conditions.ts) means; anything else (a module condition such as $segment, a hop over a relation, regions, `contains` on
 * tags, emptiness of text, where '' also counts) answers null and the caller evaluates in memory.
 */
export function conditionsSql(meta: ObjectMetadata, filter: Filter): RawBuilder<SqlBool> | null {
  if (!sameMeaningInSql(meta, filter)) return null;
  try {
    return compileFilter(meta, filter, SYSTEM_CONTEXT);
  } catch {
    return null; // a value the list filter refuses (a number for a date …): the evaluator decides
  }
}

function sameMeaningInSql(meta: ObjectMetadata, filter: Filter): boolean {
  if ('and' in filter) return filter.and.every((f) => sameMeaningInSql(meta, f));
  if ('or' in filter) return filter.or.every((f) => sameMeaningInSql(meta, f));
  const field = meta.fields.find((f) => f.name === filter.field && !f.archived);
  if (!field || filter.value === 'me') return false;
  const { op } = filter;
  if (ARRAYS.has(field.type)) return op !== 'contains' && op !== 'starts_with';
  if (TEXTUAL.has(field.type)) return op !== 'empty' && op !== 'not_empty';
  return PLAIN.has(field.type) && op !== 'contains' && op !== 'starts_with';
}
