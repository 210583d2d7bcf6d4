import type { ObjectMetadata, RelatedListResult, TimelineEntry, RelatedList } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import type { MetadataRegistry } from '../metadata/registry.js';
import { fieldAccess, scopeCondition, scopeFor, type AccessContext } from '../permissions/access.js';
import type { RecordService } from './record-service.js';

/** A reverse list needs read access to its object and to the relation field (filtering by a hidden field is refused). */
export function mayUseList(ctx: AccessContext, list: RelatedList): boolean {
  return scopeFor(ctx, list.object, 'read') !== 'none' && fieldAccess(ctx, list.object, list.field) !== 'hidden';
}

/** Adds entries of its own to a record's timeline (e.g. automation runs); the engine merges them by time. */
export type TimelineSource = (meta: ObjectMetadata, id: string, ctx: AccessContext) => Promise<TimelineEntry[]>;

const RELATED_LIMIT = 20;
const TIMELINE_LIMIT = 50;

/** Reverse lists and the timeline of a record: the building blocks of the 360° view. */
export class RelatedRecords {
  private readonly sources: TimelineSource[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly metadata: MetadataRegistry,
    private readonly records: RecordService,
  ) {}

  /** Modules add timeline entries here; a source sees the reader's context and filters by it. */
  addTimelineSource(source: TimelineSource) {
    this.sources.push(source);
  }

  /** Each reverse list the user may read, newest first, with its total. */
  async relatedLists(meta: ObjectMetadata, id: string, ctx: AccessContext, only?: string): Promise<RelatedListResult[]> {
    const lists = meta.relatedLists.filter((l) => (!only || l.name === only) && mayUseList(ctx, l));
    if (only && !lists.length) throw notFound(`related list '${only}'`);
    return Promise.all(
      lists.map(async (list) => {
        const result = await this.records.list(
          list.object,
          { filter: { field: list.field, op: 'eq', value: id }, limit: RELATED_LIMIT, count: true },
          ctx,
        );
        return { ...list, total: result.total ?? 0, data: result.data };
      }),
    );
  }

  /**
   * Audit entries of the record merged with records of timeline objects (follow-ups) that point at it,
   * newest first. Both halves go through the user's read scope.
   */
  async timeline(meta: ObjectMetadata, id: string, ctx: AccessContext): Promise<TimelineEntry[]> {
    const audit = await this.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'at', 'changes'])
      .where('record_id', '=', id)
      .where('object', '=', meta.name)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(TIMELINE_LIMIT)
      .execute();
    // Audit entries hold every field's before/after: keep only live fields this user may see
    // (not hidden by role, not archived or purged since).
    const shown = new Set(meta.fields.filter((f) => !f.archived && fieldAccess(ctx, meta.name, f.name) !== 'hidden').map((f) => f.name));
    const visibleChanges = (changes: TimelineEntry['changes'] = {}) =>
      Object.fromEntries(Object.entries(changes).filter(([name]) => shown.has(name)));
    const entries: TimelineEntry[] = audit.map((a) => ({
      kind: 'change',
      at: new Date(a.at).toISOString(),
      actorId: a.actor_id,
      action: a.action,
      changes: visibleChanges(a.changes as TimelineEntry['changes']),
    }));
    for (const list of meta.relatedLists) {
      const source = this.metadata.get(list.object);
      if (!source.timeline || !mayUseList(ctx, list)) continue;
      const result = await this.records.list(
        source.name,
        { filter: { field: list.field, op: 'eq', value: id }, sort: `-${source.timeline.timeField}`, limit: TIMELINE_LIMIT },
        ctx,
      );
      for (const record of result.data) {
        const at = (record[source.timeline.timeField] ?? record.created_at) as string;
        entries.push({ kind: 'record', at, actorId: (record.created_by as string) ?? null, object: source.name, record });
      }
    }
    for (const source of this.sources) entries.push(...(await source(meta, id, ctx)));
    return entries.sort((a, b) => b.at.localeCompare(a.at)).slice(0, TIMELINE_LIMIT);
  }

  /** Whether a record exists and is readable; used before showing its audit entries. */
  async assertReadable(object: string, id: string, ctx: AccessContext) {
    const { rows } = await sql`SELECT 1 FROM ${sql.table(object)} t WHERE t.id = ${id} AND ${scopeCondition(ctx, object, 'read')}`.execute(this.db);
    if (!rows.length) throw notFound(`${object} record ${id}`);
  }
}
