import type { ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { SYSTEM_CONTEXT, type AccessContext } from '../../engine/index.js';
import type { MetadataRegistry } from '../../engine/metadata/registry.js';
import type { RecordService } from '../../engine/records/record-service.js';

/** One link to move: record `recordId` of `object` has `field` = `from` (a merged record). */
export interface MovedLink {
  object: string;
  field: string;
  recordId: string;
  from: string;
}

/**
 * Every relation field of every object (custom ones included) that points at `target`, from
 * live metadata: follow-ups, tasks, contacts, deals, and whatever relation an admin added.
 */
export function linksTo(metadata: MetadataRegistry, target: string): { object: ObjectMetadata; field: string }[] {
  return metadata.list().flatMap((object) =>
    object.fields.filter((f) => f.type === 'relation' && !f.archived && f.relation?.object === target).map((f) => ({ object, field: f.name })),
  );
}

/** Live records whose relation fields point at any of `ids` (records in `exclude` left out). */
export async function findLinks(trx: Kysely<Database>, metadata: MetadataRegistry, target: string, ids: string[], exclude: string[]): Promise<MovedLink[]> {
  const out: MovedLink[] = [];
  for (const { object, field } of linksTo(metadata, target)) {
    const { rows } = await sql<{ id: string; ref: string }>`
      SELECT id, ${sql.ref(field)} AS ref FROM ${sql.table(object.name)}
      WHERE ${sql.ref(field)} = ANY(${sql.val(ids)}::uuid[]) AND deleted_at IS NULL
        AND NOT (id = ANY(${sql.val(exclude)}::uuid[]))
      ORDER BY id FOR UPDATE`.execute(trx);
    out.push(...rows.map((r) => ({ object: object.name, field, recordId: r.id, from: r.ref })));
  }
  return out;
}

/**
 * Moving related records is part of the merge the user is allowed to do, even for follow-ups they
 * could not edit themselves; the engine still validates, runs hooks and audits each change in the
 * user's name.
 */
export function actingFor(ctx: AccessContext): AccessContext {
  return { ...ctx, permissions: SYSTEM_CONTEXT.permissions };
}

const CHUNK = 1000;

/** Points each link's field at `to(link)`, through the engine, grouped per object. */
export async function relink(records: RecordService, links: MovedLink[], to: (link: MovedLink) => string, ctx: AccessContext) {
  const byObject = new Map<string, MovedLink[]>();
  for (const link of links) byObject.set(link.object, [...(byObject.get(link.object) ?? []), link]);
  for (const [object, list] of byObject) {
    // One row per record, with every field of it that moves (a task may point at both a merged customer and contact).
    const rows = new Map<string, Record<string, unknown>>();
    for (const link of list) rows.set(link.recordId, { ...(rows.get(link.recordId) ?? { id: link.recordId }), [link.field]: to(link) });
    const all = [...rows.values()];
    for (let i = 0; i < all.length; i += CHUNK) await records.bulkUpdate(object, all.slice(i, i + CHUNK), actingFor(ctx));
  }
}

export function countByObject(links: MovedLink[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const link of links) counts[link.object] = (counts[link.object] ?? 0) + 1;
  return counts;
}
