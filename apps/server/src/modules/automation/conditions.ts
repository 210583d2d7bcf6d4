import type { FieldDefinition, Filter, FilterCondition, ObjectMetadata } from '@crm/schema';
import type { MetadataRegistry } from '../../engine/metadata/registry.js';
import type { ErrorDetail, RegionValue } from '@crm/schema';
import { regionWithin } from '../../engine/regions/divisions.js';
import { resolvePath, type PathReader } from './record-paths.js';
import type { ActionCheckContext, AutomationRegistry } from './registry.js';

/** How each leaf condition came out, for the run log and the dry run. */
export interface ConditionResult {
  field: string;
  op: string;
  value?: unknown;
  actual: unknown;
  matched: boolean;
}

export interface Evaluation {
  matched: boolean;
  details: ConditionResult[];
  /** Evaluated for a whole batch in SQL (imports): no per-condition details. */
  setBased?: boolean;
}

const NUMERIC = new Set(['integer', 'decimal', 'currency', 'percent']);
const ARRAYS = new Set(['tags', 'multi_select']);
const TIMES = new Set(['date', 'datetime']);
const OPS_WITH_LIST = new Set(['in', 'nin']);

/** Checks every field path and operator against metadata (module conditions against their registration); returns problems named by path (conditions.and.0.field). */
export async function checkConditions(registry: AutomationRegistry, ctx: ActionCheckContext & { meta: ObjectMetadata }, filter: Filter, path = 'conditions'): Promise<ErrorDetail[]> {
  if ('and' in filter || 'or' in filter) {
    const parts = 'and' in filter ? filter.and.map((f, i) => [f, `${path}.and.${i}`] as const) : filter.or.map((f, i) => [f, `${path}.or.${i}`] as const);
    const out: ErrorDetail[] = [];
    for (const [f, p] of parts) out.push(...(await checkConditions(registry, ctx, f, p)));
    return out;
  }
  if (filter.field.startsWith('$')) return checkModuleCondition(registry, ctx, filter, path);
  const { metadata, meta } = ctx;
  const resolved = resolvePath(metadata, meta, filter.field);
  if (!resolved) return [{ path: `${path}.field`, message: `unknown field '${filter.field}' on ${meta.name}` }];
  const { field } = resolved;
  const { op, value } = filter;
  const problems: ErrorDetail[] = [];
  if (['gt', 'gte', 'lt', 'lte', 'between'].includes(op) && !NUMERIC.has(field.type) && !TIMES.has(field.type)) {
    problems.push({ path: `${path}.op`, message: `operator '${op}' needs a number or date field` });
  }
  if (op !== 'empty' && op !== 'not_empty' && (value === undefined || value === null)) problems.push({ path: `${path}.value`, message: 'a value is required' });
  if (OPS_WITH_LIST.has(op) && !Array.isArray(value)) problems.push({ path: `${path}.value`, message: 'must be a list' });
  if (op === 'between' && (!Array.isArray(value) || value.length !== 2)) problems.push({ path: `${path}.value`, message: 'between needs [from, to]' });
  return problems;
}

async function checkModuleCondition(registry: AutomationRegistry, ctx: ActionCheckContext & { meta: ObjectMetadata }, cond: FilterCondition, path: string): Promise<ErrorDetail[]> {
  const type = registry.conditions.get(cond.field);
  if (!type) return [{ path: `${path}.field`, message: `unknown condition '${cond.field}' (known: ${[...registry.conditions.keys()].join(', ') || 'none'})` }];
  if (!type.objects.includes(ctx.meta.name)) return [{ path: `${path}.field`, message: `'${cond.field}' works on ${type.objects.join(', ')}, not ${ctx.meta.name}` }];
  if (cond.op !== 'eq' && cond.op !== 'ne') return [{ path: `${path}.op`, message: `'${cond.field}' takes eq or ne` }];
  const problem = await type.check(cond.value, ctx);
  return problem ? [{ path: `${path}.value`, message: problem }] : [];
}

function regionText(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.values(value as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
}

function ordered(field: FieldDefinition, v: unknown): number {
  if (TIMES.has(field.type)) return Date.parse(String(v));
  return Number(v);
}

function equals(field: FieldDefinition, actual: unknown, expected: unknown): boolean {
  if (actual === null || actual === undefined) return false;
  if (ARRAYS.has(field.type)) return Array.isArray(actual) && actual.map(String).includes(String(expected));
  if (field.type === 'region') {
    // Text names a place the region lies within (浙江 holds 浙江省宁波市), or matches a part as typed.
    if (typeof expected === 'string') return regionText(actual).includes(expected) || regionWithin(actual as RegionValue, expected);
    return Object.entries((expected ?? {}) as Record<string, unknown>).every(([k, v]) => (actual as Record<string, unknown>)[k] === v);
  }
  if (NUMERIC.has(field.type)) return Number(actual) === Number(expected);
  if (field.type === 'datetime') return Date.parse(String(actual)) === Date.parse(String(expected));
  return String(actual) === String(expected);
}

function compare(field: FieldDefinition, cond: FilterCondition, actual: unknown): boolean {
  const { op, value } = cond;
  const empty = actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && !actual.length);
  switch (op) {
    case 'empty':
      return empty;
    case 'not_empty':
      return !empty;
    case 'eq':
      return equals(field, actual, value);
    case 'ne':
      return !equals(field, actual, value);
    case 'in':
      return (value as unknown[]).some((v) => equals(field, actual, v));
    case 'nin':
      return !(value as unknown[]).some((v) => equals(field, actual, v));
    case 'contains':
    case 'starts_with': {
      if (empty) return false;
      const text = (field.type === 'region' ? regionText(actual).join(' ') : Array.isArray(actual) ? actual.join(' ') : String(actual)).toLowerCase();
      const needle = String(value).toLowerCase();
      return op === 'contains' ? text.includes(needle) : text.startsWith(needle);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (empty) return false;
      const a = ordered(field, actual);
      const b = ordered(field, value);
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
    case 'between': {
      if (empty) return false;
      const [from, to] = value as unknown[];
      const a = ordered(field, actual);
      return a >= ordered(field, from) && a <= ordered(field, to);
    }
  }
  return false;
}

/** Evaluates a condition tree against a record (and its related records, one hop). No conditions = matched. */
export async function evaluateConditions(metadata: MetadataRegistry, reader: PathReader, filter: Filter | null, registry?: AutomationRegistry): Promise<Evaluation> {
  const details: ConditionResult[] = [];
  const walk = async (f: Filter): Promise<boolean> => {
    if ('and' in f) {
      let all = true;
      for (const part of f.and) all = (await walk(part)) && all; // evaluate every leaf, so the log shows each
      return all;
    }
    if ('or' in f) {
      if (!f.or.length) return false;
      let any = false;
      for (const part of f.or) any = (await walk(part)) || any;
      return any;
    }
    if (f.field.startsWith('$')) {
      const type = registry?.conditions.get(f.field);
      const holds = type ? await type.test(reader.db, reader.meta, String(reader.record.id), f.value) : null;
      // An uninstalled module's condition never matches, whichever way it is asked.
      const matched = holds !== null && (f.op === 'ne' ? !holds : holds);
      details.push({ field: f.field, op: f.op, value: f.value, actual: holds, matched });
      return matched;
    }
    const resolved = resolvePath(metadata, reader.meta, f.field);
    const actual = await reader.value(f.field);
    const matched = resolved ? compare(resolved.field, f, actual) : false;
    details.push({ field: f.field, op: f.op, ...(f.value !== undefined ? { value: f.value } : {}), actual: actual ?? null, matched });
    return matched;
  };
  const matched = filter ? await walk(filter) : true;
  return { matched, details };
}
