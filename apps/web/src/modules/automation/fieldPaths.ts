import type { Filter, FilterOperator } from '@crm/schema';
import { liveFields, type Field, type ObjectMeta } from '../../api/meta';
import type { Condition } from '../../engine/list/filterModel';
import type { PickableField } from '../../engine/fields/types';
import type { ModuleCondition } from './api';

type Label = (l: { zh: string; en: string }) => string;

/** A field a condition or template may use: the object's own, or one hop over a relation (customer_id.region). */
export interface PathField {
  path: string;
  label: string;
  field: Field;
  /** Operators when not the field type's (module conditions take eq / ne). */
  ops?: FilterOperator[];
}

const HIDDEN = new Set(['id', 'version', 'deleted_at']);

export function pathFields(meta: ObjectMeta, objects: ObjectMeta[], label: Label): PathField[] {
  const own = liveFields(meta).filter((f) => !HIDDEN.has(f.name));
  const out: PathField[] = own.map((f) => ({ path: f.name, label: label(f.label), field: f }));
  for (const rel of own.filter((f) => f.type === 'relation' && f.relation)) {
    const target = objects.find((o) => o.name === rel.relation!.object);
    if (!target) continue;
    for (const f of liveFields(target).filter((x) => !HIDDEN.has(x.name))) {
      out.push({ path: `${rel.name}.${f.name}`, label: `${label(rel.label)} › ${label(f.label)}`, field: { ...f, name: `${rel.name}.${f.name}` } });
    }
  }
  return out;
}

/** Module conditions usable on the object, offered as pseudo fields whose value is a record picked from valueObject. */
export function moduleConditionFields(object: string, conditions: ModuleCondition[], label: Label): PathField[] {
  return conditions
    .filter((c) => c.objects.includes(object))
    .map((c) => ({
      path: c.name,
      label: label(c.label),
      ops: ['eq', 'ne'],
      field: {
        name: c.name, label: c.label, type: 'relation', relation: { object: c.valueObject }, readonly: false,
        ...(c.valueObjectField ? { pickFilter: { field: c.valueObjectField, op: 'eq', value: object } } : {}),
      } as PickableField,
    }));
}

/** The editor's model of a condition tree: a top-level and/or over conditions and one level of groups. */
export interface Group {
  join: 'and' | 'or';
  items: (Condition | Group)[];
}

export const isGroup = (x: Condition | Group): x is Group => 'items' in x;

export function toGroup(filter: Filter | null): Group {
  if (!filter) return { join: 'and', items: [] };
  if ('and' in filter) return { join: 'and', items: filter.and.map((f) => ('and' in f || 'or' in f ? toGroup(f) : (f as Condition))) };
  if ('or' in filter) return { join: 'or', items: filter.or.map((f) => ('and' in f || 'or' in f ? toGroup(f) : (f as Condition))) };
  return { join: 'and', items: [filter as Condition] };
}

export function toFilter(group: Group): Filter | null {
  if (!group.items.length) return null;
  const items = group.items.map((x) => (isGroup(x) ? toFilter(x) : x)).filter((x): x is Filter => x !== null);
  return group.join === 'and' ? { and: items } : { or: items };
}
