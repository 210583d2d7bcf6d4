import { filterSchema, type Filter, type FilterCondition } from '@crm/schema';
import type { Field } from '../../api/meta';
import { fromFilter, operatorsFor, type FilterState } from './filterModel';

/**
 * A list opened with `?filter=<JSON>` (the list filter grammar, e.g. from a dashboard click-through).
 * A flat and/or list the filter builder can show becomes its initial state; anything else (nested
 * groups, operators the builder has no input for) stays a fixed filter the user can remove.
 */
export interface UrlFilter {
  state: FilterState;
  pinned?: Filter;
}

export const EMPTY_FILTER_STATE: FilterState = { join: 'and', conditions: [] };

function editable(filter: Filter, fields: Field[]): boolean {
  const list: Filter[] = 'or' in filter ? filter.or : 'and' in filter ? filter.and : [filter];
  return list.every((f) => {
    if (!('field' in f)) return false;
    const field = fields.find((x) => x.name === (f as FilterCondition).field);
    return !!field && operatorsFor(field).includes(f.op);
  });
}

export function readUrlFilter(raw: string | null, fields: Field[]): UrlFilter {
  if (!raw) return { state: EMPTY_FILTER_STATE };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { state: EMPTY_FILTER_STATE };
  }
  const result = filterSchema.safeParse(parsed);
  if (!result.success) return { state: EMPTY_FILTER_STATE };
  return editable(result.data, fields) ? { state: fromFilter(result.data, fields) } : { state: EMPTY_FILTER_STATE, pinned: result.data };
}

/** The path of an object's list filtered by `filter`. */
export const listPath = (object: string, filter: Filter) => `/o/${object}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`;
