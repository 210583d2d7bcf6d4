import { sql } from 'kysely';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';
import { automationOf } from '../../automation/index.js';
import type { ModuleContext } from '../../module.js';
import { SEGMENT_OBJECTS } from '../objects.js';
import { loadSegment, segmentCondition } from './segment-service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findSegment(engine: Engine, value: unknown) {
  if (typeof value !== 'string' || !UUID.test(value)) return null;
  try {
    return await loadSegment(engine, value, SYSTEM_CONTEXT);
  } catch {
    return null; // deleted since the rule was saved
  }
}

/**
 * Automation condition `{field: '$segment', op: 'eq' | 'ne', value: segmentId}`: the record is (not) in
 * the segment. Rules run as the system, so membership is read with system permissions, in one query.
 */
export function registerSegmentCondition(ctx: Pick<ModuleContext, 'engine' | 'db'>) {
  const { engine } = ctx;
  automationOf(ctx).registerCondition('$segment', {
    label: { zh: '属于客户分群', en: 'In segment' },
    objects: SEGMENT_OBJECTS,
    valueObject: 'segments',
    valueObjectField: 'object',
    async check(value, { meta }) {
      const segment = await findSegment(engine, value);
      if (!segment) return 'no such segment';
      return segment.object === meta?.name ? null : `a segment of ${segment.object}, not ${meta?.name}`;
    },
    async test(db, meta, recordId, value) {
      const segment = await findSegment(engine, value);
      if (!segment || segment.object !== meta.name) return false;
      const { rows } = await sql`SELECT 1 FROM ${sql.table(meta.name)} t
        WHERE t.id = ${recordId} AND t.deleted_at IS NULL AND ${segmentCondition(engine, segment, SYSTEM_CONTEXT)}`.execute(db);
      return rows.length > 0;
    },
  });
}
