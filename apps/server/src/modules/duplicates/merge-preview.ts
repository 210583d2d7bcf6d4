import type { ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { scopeCondition } from '../../engine/permissions/access.js';
import { ApiError } from '../../http/errors.js';
import type { DuplicateChecker } from './check-duplicates.js';
import { linksTo } from './related-links.js';

/**
 * What the merge dialog shows: the records side by side (as the user may see them) and, per
 * record, how many related records of each object the user can see would move with it.
 */
export async function mergePreview(engine: Engine, db: Kysely<Database>, checker: DuplicateChecker, meta: ObjectMetadata, ids: string[], ctx: AccessContext) {
  const records = await checker.readRecords(meta, ids, ctx);
  ids.forEach((id, i) => {
    if (!records.has(id)) throw new ApiError('not_found', `${meta.name} record ${id} not found`, [{ path: `ids.${i}`, message: 'no such record' }]);
  });
  const related: Record<string, Record<string, number>> = Object.fromEntries(ids.map((id) => [id, {}]));
  for (const { object, field } of linksTo(engine.metadata, meta.name)) {
    if ((ctx.permissions.objects[object.name] ?? ctx.permissions.objects['*'])?.read === 'none') continue;
    const { rows } = await sql<{ ref: string; n: string }>`
      SELECT t.${sql.ref(field)} AS ref, count(*) AS n FROM ${sql.table(object.name)} t
      WHERE t.${sql.ref(field)} = ANY(${sql.val(ids)}::uuid[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, object.name, 'read')}
      GROUP BY 1`.execute(db);
    for (const row of rows) related[row.ref][object.name] = (related[row.ref][object.name] ?? 0) + Number(row.n);
  }
  return { records: ids.map((id) => records.get(id)!), related };
}
