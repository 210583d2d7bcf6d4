import type { Filter, FilterCondition, FilterOperator } from '@crm/schema';
import type { Field } from '../../api/meta';

/** One row of the filter builder. value is in the field's API shape (or [from, to] for between). */
export interface Condition {
  field: string;
  op: FilterOperator;
  value?: unknown;
}

export interface FilterState {
  join: 'and' | 'or';
  conditions: Condition[];
}

const TEXT_OPS: FilterOperator[] = ['contains', 'eq', 'ne', 'starts_with', 'empty', 'not_empty'];
const ORDERED_OPS: FilterOperator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'empty', 'not_empty'];

/** Operators the server accepts for a field type (see the server's filter compiler). */
export function operatorsFor(field: Field): FilterOperator[] {
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'email':
    case 'phone':
    case 'url':
      return TEXT_OPS;
    case 'select':
      return ['eq', 'ne', 'in', 'nin', 'empty', 'not_empty'];
    case 'multi_select':
    case 'tags':
      return ['contains', 'in', 'nin', 'empty', 'not_empty'];
    case 'integer':
    case 'decimal':
    case 'percent':
    case 'currency':
    case 'date':
    case 'datetime':
      return ORDERED_OPS;
    case 'boolean':
      return ['eq', 'empty', 'not_empty'];
    case 'user':
    case 'relation':
      return ['eq', 'ne', 'empty', 'not_empty'];
    case 'region':
      return ['contains', 'empty', 'not_empty'];
  }
}

export const needsValue = (op: FilterOperator) => op !== 'empty' && op !== 'not_empty';

/** A condition's value as the filter JSON wants it (currency compares its amount, region matches text). */
function wireValue(field: Field | undefined, c: Condition): unknown {
  const scalar = (v: unknown) => (field?.type === 'currency' && v && typeof v === 'object' ? (v as { amount: number }).amount : v);
  if (c.op === 'between') return (c.value as unknown[]).map(scalar);
  if ((field?.type === 'tags' || field?.type === 'multi_select') && c.op === 'contains') {
    return Array.isArray(c.value) ? c.value[0] : c.value;
  }
  return scalar(c.value);
}

function isComplete(c: Condition): boolean {
  if (!c.field || !c.op) return false;
  if (!needsValue(c.op)) return true;
  if (c.op === 'between') return Array.isArray(c.value) && c.value.length === 2 && c.value.every((v) => v !== null && v !== undefined && v !== '');
  if (Array.isArray(c.value)) return c.value.length > 0;
  return c.value !== null && c.value !== undefined && c.value !== '';
}

/** Builder state → API filter (incomplete rows are ignored). */
export function toFilter(state: FilterState, fields: Field[]): Filter | undefined {
  const conds: FilterCondition[] = state.conditions.filter(isComplete).map((c) => {
    const field = fields.find((f) => f.name === c.field);
    return needsValue(c.op) ? { field: c.field, op: c.op, value: wireValue(field, c) } : { field: c.field, op: c.op };
  });
  if (!conds.length) return undefined;
  if (conds.length === 1) return conds[0];
  return state.join === 'or' ? { or: conds } : { and: conds };
}

/** API filter (from a saved view) → builder state; only flat and/or lists are editable. */
export function fromFilter(filter: Filter | undefined, fields: Field[]): FilterState {
  if (!filter) return { join: 'and', conditions: [] };
  const join = 'or' in filter ? 'or' : 'and';
  const list = 'or' in filter ? filter.or : 'and' in filter ? filter.and : [filter];
  const conditions = list
    .filter((f): f is FilterCondition => 'field' in f)
    .map((c) => {
      const field = fields.find((f) => f.name === c.field);
      const value = field?.type === 'currency' ? (Array.isArray(c.value) ? c.value.map((a) => ({ amount: a, currency: 'CNY' })) : { amount: c.value, currency: 'CNY' }) : c.value;
      return { field: c.field, op: c.op, value: c.value === undefined ? undefined : value };
    });
  return { join, conditions };
}
