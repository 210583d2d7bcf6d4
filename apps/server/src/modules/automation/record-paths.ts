import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { MetadataRegistry } from '../../engine/metadata/registry.js';
import { selectColumns, toApiRecord } from '../../engine/records/row-mapping.js';
import { formatFieldValue, type DisplayOptions } from './format-value.js';

export type RecordValues = Record<string, unknown>;

/** A field path resolved against metadata: `stage`, or one hop over a relation: `customer_id.region` (also `customer.region`). */
export interface ResolvedPath {
  field: FieldDefinition;
  /** The relation field of the record that the path crosses, if any. */
  via?: FieldDefinition;
}

export function resolvePath(metadata: MetadataRegistry, meta: ObjectMetadata, path: string): ResolvedPath | null {
  const live = (m: ObjectMetadata, name: string) => m.fields.find((f) => f.name === name && !f.archived);
  const [head, rest, ...more] = path.split('.');
  if (more.length) return null;
  if (rest === undefined) {
    const field = live(meta, head);
    return field ? { field } : null;
  }
  const via = live(meta, head) ?? live(meta, `${head}_id`);
  if (!via || via.type !== 'relation' || !via.relation || !metadata.has(via.relation.object)) return null;
  const field = live(metadata.get(via.relation.object), rest);
  return field ? { field, via } : null;
}

/** One record as the API shows it to the system (every live field), or null if it does not exist. */
export async function loadRecord(db: Kysely<Database>, metadata: MetadataRegistry, object: string, id: string): Promise<RecordValues | null> {
  const fields = metadata.get(object).fields.filter((f) => !f.archived);
  const { rows } = await sql<RecordValues>`SELECT ${selectColumns(fields)} FROM ${sql.table(object)} t WHERE t.id = ${id}`.execute(db);
  return rows[0] ? toApiRecord(fields, rows[0]) : null;
}

/** Many records of one object in one statement (those that exist). */
export async function loadRecords(db: Kysely<Database>, metadata: MetadataRegistry, object: string, ids: string[]): Promise<RecordValues[]> {
  if (!ids.length) return [];
  const fields = metadata.get(object).fields.filter((f) => !f.archived);
  const { rows } = await sql<RecordValues>`SELECT ${selectColumns(fields)} FROM ${sql.table(object)} t WHERE t.id = ANY(${sql.val(ids)}::uuid[])`.execute(db);
  return rows.map((row) => toApiRecord(fields, row));
}

/**
 * Reads path values of one record, loading each related record once. Used by conditions,
 * templates and dry runs alike.
 */
export class PathReader {
  private related = new Map<string, Promise<RecordValues | null>>();

  constructor(
    readonly db: Kysely<Database>,
    private readonly metadata: MetadataRegistry,
    readonly meta: ObjectMetadata,
    readonly record: RecordValues,
  ) {}

  /** The value of a path as people read it (labels, local times, names of related records and users). */
  async display(path: string, options: DisplayOptions): Promise<string> {
    const resolved = resolvePath(this.metadata, this.meta, path);
    if (!resolved) return '';
    const value = await this.value(path);
    if (typeof value !== 'string' || !value) return formatFieldValue(resolved.field, value, options);
    if (resolved.field.type === 'user') {
      return (await this.db.selectFrom('users').select('name').where('id', '=', value).executeTakeFirst())?.name ?? '';
    }
    const target = resolved.field.type === 'relation' ? resolved.field.relation?.object : undefined;
    if (target && this.metadata.has(target)) {
      const other = await loadRecord(this.db, this.metadata, target, value);
      return other ? String(other[this.metadata.get(target).titleField] ?? '') : '';
    }
    return formatFieldValue(resolved.field, value, options);
  }

  async value(path: string): Promise<unknown> {
    const resolved = resolvePath(this.metadata, this.meta, path);
    if (!resolved) return undefined;
    if (!resolved.via) return this.record[resolved.field.name];
    const id = this.record[resolved.via.name];
    if (typeof id !== 'string') return null;
    const object = resolved.via.relation!.object;
    const key = `${object}:${id}`;
    if (!this.related.has(key)) this.related.set(key, loadRecord(this.db, this.metadata, object, id));
    const other = await this.related.get(key)!;
    return other ? other[resolved.field.name] : null;
  }
}
