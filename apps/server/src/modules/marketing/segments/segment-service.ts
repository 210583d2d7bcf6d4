import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import type { AccessContext } from '../../../engine/permissions/access.js';
import { badRequest } from '../../../http/errors.js';
import { SEGMENT_OBJECTS } from '../objects.js';
import { compileSegmentFilter, parseSegmentFilter } from './segment-filter.js';

export interface Segment {
  id: string;
  kind: 'dynamic' | 'static';
  object: string;
  filter: string | null;
}

/** One segment the user may read (404 otherwise). */
export async function loadSegment(engine: Engine, id: string, ctx: AccessContext): Promise<Segment> {
  return (await engine.records.get('segments', id, ctx)) as unknown as Segment;
}

/** Membership as SQL over the segment's object (alias t): the static list, or the dynamic filter read with ctx's field access. */
export function segmentCondition(engine: Engine, segment: Segment, ctx: AccessContext, alias = 't'): RawBuilder<SqlBool> {
  if (segment.kind === 'static') {
    return sql<SqlBool>`${sql.ref(`${alias}.id`)} IN (SELECT m.record_id FROM marketing_segment_members m WHERE m.segment_id = ${segment.id})`;
  }
  const filter = parseSegmentFilter(segment.filter);
  if (!filter) return sql<SqlBool>`true`;
  return compileSegmentFilter(engine.metadata, engine.metadata.get(segment.object), filter, ctx, alias);
}

/** The `segment` list filter: `GET /api/v1/customers?segment={id}` (the engine adds the user's scope). */
export function registerSegmentListFilter(engine: Engine) {
  engine.records.registerListFilter('segment', async ({ meta, value, ctx }) => {
    const segment = await loadSegment(engine, value, ctx);
    if (segment.object !== meta.name) {
      throw badRequest(`segment ${value} selects ${segment.object}, not ${meta.name}`, [{ path: 'segment', message: `a segment of ${segment.object}` }]);
    }
    return segmentCondition(engine, segment, ctx);
  });
}

/**
 * Checks a segment as it is written: object and kind known, the filter parsed and compiled against
 * the object's metadata with the writer's field access (so an unknown field is a 400 naming it),
 * and stored normalised. A static segment keeps its object once it has members.
 */
export function registerSegmentChecks(engine: Engine) {
  const check = async ({ values, previous, ctx, trx }: { values: Record<string, unknown>; previous?: Record<string, unknown>; ctx: AccessContext; trx: Kysely<Database> }) => {
    const merged = { ...previous, ...values };
    const object = merged.object as string;
    if (!(SEGMENT_OBJECTS as readonly string[]).includes(object)) throw badRequest(`object must be one of ${SEGMENT_OBJECTS.join(', ')}`, [{ path: 'object', message: 'not a segment object' }]);
    if (previous && values.object !== undefined && values.object !== previous.object) {
      const member = await sql`SELECT 1 FROM marketing_segment_members WHERE segment_id = ${previous.id} LIMIT 1`.execute(trx);
      if (member.rows.length) throw badRequest('object cannot change while the segment has members', [{ path: 'object', message: 'remove the members first' }]);
    }
    if (values.filter === undefined && values.object === undefined) return;
    const filter = parseSegmentFilter(merged.filter);
    if (filter) compileSegmentFilter(engine.metadata, engine.metadata.get(object), filter, ctx);
    if (values.filter !== undefined) values.filter = filter ? JSON.stringify(filter) : null;
  };
  engine.hooks.on('segments', 'beforeCreate', check);
  engine.hooks.on('segments', 'beforeUpdate', check);
}

/** Live member count as the user sees it: only records they may read. */
export async function countSegment(engine: Engine, id: string, ctx: AccessContext) {
  const segment = await loadSegment(engine, id, ctx);
  return { object: segment.object, total: await engine.records.count(segment.object, { named: { segment: id } }, ctx) };
}
