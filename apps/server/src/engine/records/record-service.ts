import { listParamsSchema, type ListParams, type ListResult, type ObjectMetadata } from '@crm/schema';
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/types.js';
import { ApiError, badRequest, notFound, toApiError } from '../../http/errors.js';
import { recordChanges, type FieldChanges, type RecordChange } from '../audit/audit.js';
import { historicalDatesOf } from './historical-dates.js';
import type { RecordHooks } from '../hooks/hooks.js';
import { comparable, toColumns } from '../metadata/columns.js';
import type { MetadataRegistry } from '../metadata/registry.js';
import { fieldAccess, mayAssignOwner, requireScope, scopeCondition, type AccessContext } from '../permissions/access.js';
import { recordLexemes, searchQuery } from '../search/terms.js';
import { aggregateRecords, type AggregateParams, type AggregateRow } from './aggregate.js';
import { BulkWriter } from './bulk-write.js';
import { checkReferences, parsePayload, requireOwnerAllowed } from './payload.js';
import { compileFilter } from './query/filters.js';
import { afterCursor, encodeCursor, orderBy, parseSort } from './query/sort.js';
import { selectColumns, toApiRecord, visibleFields } from './row-mapping.js';

export type ApiRecord = Record<string, unknown>;
type Row = Record<string, unknown>;
const MAX_BULK = 1000;

export interface WriteOptions {
  /** Expected version for optimistic concurrency (409 if the record changed meanwhile). */
  version?: number;
  /** Write inside this open transaction instead of a new one (e.g. with a job's own bookkeeping). */
  trx?: Kysely<Database>;
  /** Why the change happens; stored with the outbox event so subscribers can see it (e.g. automation chain depth). */
  cause?: Record<string, unknown>;
}

type BatchOptions = Pick<WriteOptions, 'trx' | 'cause'>;

/**
 * A named list filter a module offers (`?segment={id}` on any object's list): it turns the query
 * value into a condition on the object's table (alias t). The engine still adds the user's scope.
 */
export type ListFilterProvider = (input: { meta: ObjectMetadata; value: string; ctx: AccessContext; db: Kysely<Database> }) => Promise<RawBuilder<SqlBool>>;

/** List parameters plus named filters (`{segment: id}`) resolved by registered providers. */
export type EngineListParams = ListParams & { named?: Record<string, string> };
type Conditions = { extra?: RawBuilder<SqlBool>[] };

/** One service for every object: list, get, create, update, delete, restore and bulk, all from metadata. */
export class RecordService {
  /** Set-based inserts/updates for large batches in the caller's transaction (see bulk-write.ts). */
  readonly bulk: BulkWriter;

  constructor(
    private readonly db: Kysely<Database>,
    readonly metadata: MetadataRegistry,
    private readonly hooks: RecordHooks,
    readonly listFilters = new Map<string, ListFilterProvider>(),
  ) {
    this.bulk = new BulkWriter(hooks);
  }

  /** Modules add named list filters here; the list routes accept them as query parameters. */
  registerListFilter(name: string, provider: ListFilterProvider) {
    if (this.listFilters.has(name) || name in listParamsSchema.shape) throw new Error(`list filter '${name}' is taken`);
    this.listFilters.set(name, provider);
  }

  /** The SQL of the named filters a list call carries (400 naming an unknown one). */
  private async namedConditions(meta: ObjectMetadata, named: Record<string, string> | undefined, ctx: AccessContext) {
    const out: RawBuilder<SqlBool>[] = [];
    for (const [name, value] of Object.entries(named ?? {})) {
      const provider = this.listFilters.get(name);
      if (!provider) throw badRequest(`unknown list filter '${name}'`, [{ path: name, message: 'unknown filter' }]);
      out.push(await provider({ meta, value, ctx, db: this.db }));
    }
    return out;
  }

  /** Validates one payload as create/update would (shared Zod schema, field rules); for bulk.* callers. */
  parseValues(meta: ObjectMetadata, body: unknown, mode: 'create' | 'update', ctx: AccessContext, path = ''): Row {
    return parsePayload(meta, body, mode, ctx, path);
  }

  /** Relation and user values must point at live records the user can see (400 naming the row otherwise). */
  checkReferences(trx: Kysely<Database>, meta: ObjectMetadata, rows: Row[], ctx: AccessContext, pathOf?: (i: number) => string) {
    return checkReferences(trx, meta, rows, ctx, pathOf);
  }

  /**
   * The same service writing inside a caller's open transaction, for a use case that spans several
   * engine calls (a merge): each call's audit entries, events and hooks then commit or roll back
   * with the caller's transaction instead of their own. The caller refreshes metadata first
   * (records.object()): the freshness check reads through the root pool, which on PGlite has one
   * connection, held by that transaction.
   */
  inTransaction(trx: Kysely<Database>): RecordService {
    return new RecordService(trx, this.metadata, this.hooks, this.listFilters);
  }

  async object(name: string): Promise<ObjectMetadata> {
    // Bound to a caller's transaction, skip the freshness query: on PGlite it would wait for that transaction.
    if (!this.db.isTransaction) await this.metadata.ensureFresh();
    return this.metadata.get(name);
  }

  /** Inside a caller's transaction the freshness check (its own query) is skipped: on PGlite it would wait for that transaction. */
  private async objectFor(name: string, options: BatchOptions): Promise<ObjectMetadata> {
    return this.callerTransaction(options) ? this.metadata.get(name) : this.object(name);
  }

  // ---------- reads ----------

  /** Conditions shared by list, count and aggregates: scope, live/deleted, filter, search. */
  whereClause(meta: ObjectMetadata, params: Pick<ListParams, 'filter' | 'q' | 'deleted'> & Conditions, ctx: AccessContext, alsoScope?: 'export') {
    const parts: RawBuilder<SqlBool>[] = [scopeCondition(ctx, meta.name, 'read')];
    // An export may be narrower than reading (read all, export own): both scopes apply.
    if (alsoScope) parts.push(scopeCondition(ctx, meta.name, alsoScope));
    parts.push(params.deleted ? sql<SqlBool>`t.deleted_at IS NOT NULL` : sql<SqlBool>`t.deleted_at IS NULL`);
    if (params.filter) parts.push(compileFilter(meta, params.filter, ctx));
    parts.push(...(params.extra ?? []));
    if (params.q !== undefined && params.q.trim()) {
      const query = meta.searchable ? searchQuery(params.q) : null;
      if (!query) throw badRequest(`${meta.name} cannot be searched for '${params.q}'`, [{ path: 'q', message: 'nothing searchable' }]);
      parts.push(this.searchCondition(meta, params.q, query, ctx));
    }
    return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
  }

  /**
   * The stored search vector mixes every searchable field, so for a user who may not see one of
   * them a match could reveal its value. Such users search the visible fields as plain text instead
   * (no pinyin), which can only find what they could read anyway.
   */
  private searchCondition(meta: ObjectMetadata, q: string, query: string, ctx: AccessContext): RawBuilder<SqlBool> {
    const searchable = meta.fields.filter((f) => f.searchable && !f.archived);
    const visible = searchable.filter((f) => fieldAccess(ctx, meta.name, f.name) !== 'hidden');
    // An external id (Salesforce 001…) is found by its exact value, through its unique index.
    const byExternalId = fieldAccess(ctx, meta.name, 'external_id') === 'hidden' ? sql<SqlBool>`false` : sql<SqlBool>`t.external_id = ${q.trim()}`;
    if (visible.length === searchable.length) return sql<SqlBool>`(t._search @@ ${query}::tsquery OR ${byExternalId})`;
    if (!visible.length) return byExternalId;
    const pattern = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return sql<SqlBool>`(${sql.join([...visible.map((f) => sql<SqlBool>`${sql.ref(`t.${f.name}`)}::text ILIKE ${pattern}`), byExternalId], sql` OR `)})`;
  }

  async list(object: string, params: EngineListParams, ctx: AccessContext, options: { alsoScope?: 'export' } = {}): Promise<ListResult> {
    const meta = await this.object(object);
    requireScope(ctx, object, 'read');
    const requested = params.fields?.split(',').map((s) => s.trim()).filter(Boolean);
    const fields = visibleFields(meta, ctx, requested);
    if (requested) {
      const unknown = requested.filter((name) => !fields.some((f) => f.name === name));
      if (unknown.length) throw badRequest(`unknown field(s): ${unknown.join(', ')}`, [{ path: 'fields', message: `unknown: ${unknown.join(', ')}` }]);
    }
    const keys = params.deleted ? [{ field: 'deleted_at', desc: true }, { field: 'id', desc: true }] : parseSort(meta, params.sort, ctx);
    const extra = await this.namedConditions(meta, params.named, ctx);
    const where = this.whereClause(meta, { ...params, extra }, ctx, options.alsoScope);
    const cursorCond = params.cursor ? afterCursor(keys, params.cursor) : sql<SqlBool>`true`;
    // Sort keys go into the cursor as text: a JS Date would cut timestamps to milliseconds, and rows
    // written in one transaction share a microsecond now(), so pages would skip or repeat them.
    const sortCols = sql.join(keys.map((k) => sql`${sql.ref(`t.${k.field}`)}::text AS ${sql.ref(`_k_${k.field}`)}`));
    const { rows } = await sql<Row>`
      SELECT ${selectColumns(fields)}, ${sortCols}
      FROM ${sql.table(object)} t
      WHERE ${where} AND ${cursorCond}
      ORDER BY ${orderBy(keys)}
      LIMIT ${params.limit + 1}`.execute(this.db);
    const page = rows.slice(0, params.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > params.limit && last
        ? encodeCursor(keys, Object.fromEntries(keys.map((k) => [k.field, last[`_k_${k.field}`]])))
        : null;
    const result: ListResult = { data: page.map((r) => toApiRecord(fields, r)), nextCursor };
    if (params.count) result.total = await this.countWhere(object, where);
    return result;
  }

  async count(object: string, params: Pick<EngineListParams, 'filter' | 'q' | 'deleted' | 'named'>, ctx: AccessContext): Promise<number> {
    const meta = await this.object(object);
    requireScope(ctx, object, 'read');
    const extra = await this.namedConditions(meta, params.named, ctx);
    return this.countWhere(object, this.whereClause(meta, { ...params, extra }, ctx));
  }

  private async countWhere(object: string, where: RawBuilder<SqlBool>) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(object)} t WHERE ${where}`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }

  /** Grouped counts and sums over readable records (see aggregate.ts). */
  aggregate(object: string, params: AggregateParams, ctx: AccessContext): Promise<AggregateRow[]> {
    return aggregateRecords(this.db, this, object, params, ctx);
  }

  /** One live record the user may read, or 404 (never 403, so ids of hidden records do not leak). */
  async get(object: string, id: string, ctx: AccessContext, options: { deleted?: boolean } = {}): Promise<ApiRecord> {
    const meta = await this.object(object);
    requireScope(ctx, object, 'read');
    const fields = visibleFields(meta, ctx);
    const { rows } = await sql<Row>`
      SELECT ${selectColumns(fields)} FROM ${sql.table(object)} t
      WHERE t.id = ${checkId(id)} AND ${scopeCondition(ctx, object, 'read')}
        AND ${options.deleted ? sql`true` : sql`t.deleted_at IS NULL`}`.execute(this.db);
    if (!rows[0]) throw notFound(`${object} record ${id}`);
    return toApiRecord(fields, rows[0]);
  }

  // ---------- writes ----------

  async create(object: string, body: unknown, ctx: AccessContext, options: BatchOptions = {}): Promise<ApiRecord> {
    const [created] = await this.bulkCreate(object, [body], ctx, '', options);
    return created;
  }

  async bulkCreate(object: string, bodies: unknown[], ctx: AccessContext, rowPath = 'rows', options: BatchOptions = {}): Promise<ApiRecord[]> {
    const meta = await this.objectFor(object, options);
    const scope = requireScope(ctx, object, 'create');
    checkBulkSize(bodies.length);
    const pathOf = (i: number) => (rowPath ? `${rowPath}.${i}` : '');
    const rows = bodies.map((body, i) => {
      const values = parsePayload(meta, body, 'create', ctx, pathOf(i));
      values.owner_id = values.owner_id === undefined ? ctx.userId : values.owner_id;
      requireOwnerAllowed(mayAssignOwner(ctx, scope, values.owner_id as string | null), pathOf(i));
      return values;
    });
    return this.writeTransaction(options, async (trx) => {
      await checkReferences(trx, meta, rows, ctx, pathOf);
      const out: ApiRecord[] = [];
      const changes: RecordChange[] = [];
      for (const [i, values] of rows.entries()) {
        out.push(await withRowPath(pathOf(i), () => this.insertOne(trx, meta, values, ctx, changes)));
      }
      await recordChanges(trx, withCause(changes, options));
      return out;
    });
  }

  /** Inserts one row; its audit entry and event join `pending`, written in bulk before commit. */
  private async insertOne(trx: Kysely<Database>, meta: ObjectMetadata, values: Row, ctx: AccessContext, pending: RecordChange[]) {
    await this.hooks.run('beforeCreate', { object: meta.name, ctx, trx, values });
    const columns: Row = { created_by: ctx.userId, updated_by: ctx.userId };
    for (const field of meta.fields) Object.assign(columns, toColumns(field, values[field.name]));
    const names = Object.keys(columns);
    const search = meta.searchable ? sql`, array_to_tsvector(${sql.val(recordLexemes(meta, values))}::text[])` : sql``;
    const fields = meta.fields.filter((f) => !f.archived);
    const { rows } = await sql<Row>`
      INSERT INTO ${sql.table(meta.name)} AS t (${sql.join(names.map((n) => sql.ref(n)))}${meta.searchable ? sql`, _search` : sql``})
      VALUES (${sql.join(names.map((n) => sql.val(columns[n])))}${search})
      RETURNING ${selectColumns(fields)}`.execute(trx);
    const record = toApiRecord(fields, rows[0]);
    const id = record.id as string;
    const changes: FieldChanges = {};
    for (const field of meta.fields) {
      if (!field.system && values[field.name] !== undefined && values[field.name] !== null) changes[field.name] = { from: null, to: record[field.name] };
    }
    // An administrator's back-filled system date: the audit says it is history, not now.
    for (const name of historicalDatesOf(values)) changes[name] = { from: null, to: record[name], historical: true };
    await this.hooks.run('afterCreate', { object: meta.name, ctx, trx, values, record });
    pending.push({ object: meta.name, recordId: id, action: 'create', actorId: ctx.userId, changes, record });
    return this.redact(meta, record, ctx);
  }

  async update(object: string, id: string, body: unknown, ctx: AccessContext, options: WriteOptions = {}): Promise<ApiRecord> {
    const [updated] = await this.bulkUpdate(object, [{ ...(body as object), id, ...(options.version !== undefined ? { version: options.version } : {}) }], ctx, '', options);
    return updated;
  }

  /** Each row is {id, version?, ...fields}. All rows commit together or none does. */
  async bulkUpdate(object: string, bodies: unknown[], ctx: AccessContext, rowPath = 'rows', options: BatchOptions = {}): Promise<ApiRecord[]> {
    const meta = await this.objectFor(object, options);
    const scope = requireScope(ctx, object, 'update');
    checkBulkSize(bodies.length);
    const pathOf = (i: number) => (rowPath ? `${rowPath}.${i}` : '');
    const rows = bodies.map((body, i) => {
      const { id, version, ...rest } = (body ?? {}) as Row;
      if (typeof id !== 'string') throw badRequest(`${pathOf(i) || 'body'}: id is required`, [{ path: [pathOf(i), 'id'].filter(Boolean).join('.'), message: 'is required' }]);
      if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version))) {
        throw badRequest('version must be an integer', [{ path: [pathOf(i), 'version'].filter(Boolean).join('.'), message: 'must be an integer' }]);
      }
      const values = parsePayload(meta, rest, 'update', ctx, pathOf(i));
      if (values.owner_id !== undefined) requireOwnerAllowed(mayAssignOwner(ctx, scope, values.owner_id as string | null), pathOf(i));
      return { id: checkId(id), version: version as number | undefined, values };
    });
    return this.writeTransaction(options, async (trx) => {
      await checkReferences(trx, meta, await this.changedLinks(trx, meta, rows), ctx, pathOf);
      const out: ApiRecord[] = [];
      const changes: RecordChange[] = [];
      for (const [i, row] of rows.entries()) {
        out.push(await withRowPath(pathOf(i), () => this.updateOne(trx, meta, row.id, row.values, row.version, ctx, changes)));
      }
      await recordChanges(trx, withCause(changes, options));
      return out;
    });
  }

  private async updateOne(trx: Kysely<Database>, meta: ObjectMetadata, id: string, values: Row, version: number | undefined, ctx: AccessContext, pending: RecordChange[]) {
    const previous = await this.lockForWrite(trx, meta, id, ctx, 'update', false);
    if (version !== undefined && previous.version !== version) {
      throw new ApiError('version_conflict', `${meta.name} record ${id} was changed by someone else (version ${previous.version}, you sent ${version}); reload and retry`, [{ path: 'version', message: `current version is ${previous.version}` }]);
    }
    await this.hooks.run('beforeUpdate', { object: meta.name, ctx, trx, values, previous });
    const changes: FieldChanges = {};
    const columns: Row = {};
    for (const field of meta.fields) {
      const value = values[field.name];
      if (value === undefined || comparable(value) === comparable(previous[field.name])) continue;
      changes[field.name] = { from: previous[field.name], to: value };
      Object.assign(columns, toColumns(field, value));
    }
    if (!Object.keys(changes).length) return this.redact(meta, previous, ctx);
    const merged = { ...previous, ...values };
    const sets = Object.keys(columns).map((n) => sql`${sql.ref(n)} = ${sql.val(columns[n])}`);
    sets.push(sql`version = version + 1`, sql`updated_at = now()`, sql`updated_by = ${ctx.userId}`);
    if (meta.searchable) sets.push(sql`_search = array_to_tsvector(${sql.val(recordLexemes(meta, merged))}::text[])`);
    const record = await this.updateReturning(trx, meta, sets, id);
    for (const name of Object.keys(changes)) changes[name].to = record[name];
    for (const name of historicalDatesOf(values)) if (changes[name]) changes[name].historical = true;
    await this.hooks.run('afterUpdate', { object: meta.name, ctx, trx, values, previous, record });
    pending.push({ object: meta.name, recordId: id, action: 'update', actorId: ctx.userId, changes, record });
    return this.redact(meta, record, ctx);
  }

  /**
   * The same values on every listed record (a list's "edit one field" and "change owner"): checked
   * once (errors name values.<field>), then each record locked in the user's update scope and
   * written with hooks and audit, all in one transaction.
   */
  async bulkSet(object: string, ids: unknown[], body: unknown, ctx: AccessContext, options: BatchOptions = {}) {
    const meta = await this.objectFor(object, options);
    const scope = requireScope(ctx, object, 'update');
    const checked = checkIds(ids);
    const values = parsePayload(meta, body, 'update', ctx, 'values');
    if (!Object.keys(values).length) throw badRequest('values: name at least one field to set', [{ path: 'values', message: 'is empty' }]);
    if (values.owner_id !== undefined) requireOwnerAllowed(mayAssignOwner(ctx, scope, values.owner_id as string | null), 'values');
    return this.writeTransaction(options, async (trx) => {
      await checkReferences(trx, meta, [values], ctx, () => 'values');
      const changes: RecordChange[] = [];
      for (const [i, id] of checked.entries()) {
        await withRowPath(`ids.${i}`, () => this.updateOne(trx, meta, id, { ...values }, undefined, ctx, changes));
      }
      await recordChanges(trx, withCause(changes, options));
      return { count: checked.length, changed: changes.length };
    });
  }

  /** Adds tags to (or removes them from) a tags or multi-select field of every listed record, keeping the others. */
  async bulkTags(object: string, ids: unknown[], field: string, tags: unknown, mode: 'add' | 'remove', ctx: AccessContext, options: BatchOptions = {}) {
    const meta = await this.objectFor(object, options);
    requireScope(ctx, object, 'update');
    const checked = checkIds(ids);
    const definition = meta.fields.find((f) => f.name === field && !f.archived);
    if (!definition || (definition.type !== 'tags' && definition.type !== 'multi_select')) {
      throw badRequest(`field: ${field} is not a tags field of ${object}`, [{ path: 'field', message: 'must be a tags or multi-select field' }]);
    }
    // Validates the tags as the field's values (and that the user may write the field).
    const given = parsePayload(meta, { [field]: tags }, 'update', ctx, 'tags')[field];
    if (!Array.isArray(given) || !given.length) throw badRequest('tags: name at least one tag', [{ path: 'tags', message: 'is empty' }]);
    return this.writeTransaction(options, async (trx) => {
      const changes: RecordChange[] = [];
      for (const [i, id] of checked.entries()) {
        await withRowPath(`ids.${i}`, async () => {
          const current = ((await this.lockForWrite(trx, meta, id, ctx, 'update', false))[field] ?? []) as string[];
          const next = mode === 'add' ? [...new Set([...current, ...given])] : current.filter((tag) => !given.includes(tag));
          const values = parsePayload(meta, { [field]: next }, 'update', ctx);
          await this.updateOne(trx, meta, id, values, undefined, ctx, changes);
        });
      }
      await recordChanges(trx, withCause(changes, options));
      return { count: checked.length, changed: changes.length };
    });
  }

  async remove(object: string, id: string, ctx: AccessContext, options: BatchOptions = {}) {
    await this.bulkRemove(object, [id], ctx, options);
  }

  /** Soft delete: records go to the recycle bin and can be restored. */
  async bulkRemove(object: string, ids: unknown[], ctx: AccessContext, options: BatchOptions = {}) {
    return this.softDeleteOrRestore(object, ids, ctx, 'delete', options);
  }

  async restore(object: string, ids: unknown[], ctx: AccessContext) {
    return this.softDeleteOrRestore(object, ids, ctx, 'restore');
  }

  private async softDeleteOrRestore(object: string, ids: unknown[], ctx: AccessContext, action: 'delete' | 'restore', options: BatchOptions = {}) {
    const meta = await this.objectFor(object, options);
    requireScope(ctx, object, 'delete');
    checkBulkSize(ids.length);
    const checked = ids.map((id, i) => {
      if (typeof id !== 'string') throw badRequest(`ids.${i} must be a record id`, [{ path: `ids.${i}`, message: 'must be a record id' }]);
      return checkId(id, `ids.${i}`);
    });
    const done = new Set<string>();
    await this.writeTransaction(options, async (trx) => {
      const pending: RecordChange[] = [];
      for (const [i, id] of checked.entries()) {
        // An id listed twice (a selection spanning pages) is deleted once, not refused as missing.
        if (done.has(id)) continue;
        done.add(id);
        const previous = await this.lockForWrite(trx, meta, id, ctx, 'delete', action === 'restore', `ids.${i}`);
        const set = action === 'delete' ? sql`deleted_at = now()` : sql`deleted_at = NULL`;
        const record = await this.updateReturning(trx, meta, [set, sql`version = version + 1`, sql`updated_at = now()`, sql`updated_by = ${ctx.userId}`], id);
        const changes: FieldChanges = { deleted_at: { from: previous.deleted_at ?? null, to: record.deleted_at } };
        await this.hooks.run(action === 'delete' ? 'afterDelete' : 'afterRestore', { object, ctx, trx, values: {}, previous, record });
        pending.push({ object, recordId: id, action, actorId: ctx.userId, changes, record });
      }
      await recordChanges(trx, withCause(pending, options));
    });
    return { count: done.size };
  }

  // ---------- helpers ----------

  /** The caller's transaction (options.trx, or the one this service is bound to by inTransaction). */
  private callerTransaction(options: BatchOptions): Kysely<Database> | null {
    return options.trx ?? (this.db.isTransaction ? this.db : null);
  }

  /** Runs fn in the caller's transaction if there is one, else in a new one. */
  private writeTransaction<T>(options: BatchOptions, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    const trx = this.callerTransaction(options);
    return trx ? fn(trx) : this.db.transaction().execute(fn);
  }

  /** Locks a record the user may act on; 404 if missing, out of scope, or (not) deleted. */
  private async lockForWrite(trx: Kysely<Database>, meta: ObjectMetadata, id: string, ctx: AccessContext, action: 'update' | 'delete', deleted: boolean, path = 'id') {
    const fields = meta.fields.filter((f) => !f.archived);
    const { rows } = await sql<Row>`
      SELECT ${selectColumns(fields)} FROM ${sql.table(meta.name)} t
      WHERE t.id = ${id} AND ${scopeCondition(ctx, meta.name, action)}
        AND ${deleted ? sql`t.deleted_at IS NOT NULL` : sql`t.deleted_at IS NULL`}
      FOR UPDATE`.execute(trx);
    // The detail's path lets a bulk call name the row (rows.3.id, ids.3).
    if (!rows[0]) throw new ApiError('not_found', `${meta.name} record ${id} not found`, [{ path, message: 'no such record, or not yours to change' }]);
    return toApiRecord(fields, rows[0]);
  }

  /**
   * The relation and user values of an update that differ from what is stored. Only those are
   * checked: a form that sends back an unchanged link to a record its editor cannot see, or to an
   * owner who has since left, must still save.
   */
  private async changedLinks(trx: Kysely<Database>, meta: ObjectMetadata, rows: { id: string; values: Row }[]): Promise<Row[]> {
    const links = meta.fields.filter((f) => (f.type === 'relation' || f.type === 'user') && !f.archived && rows.some((r) => r.values[f.name] !== undefined));
    if (!links.length) return rows.map((r) => r.values);
    const { rows: stored } = await sql<Row>`
      SELECT id, ${sql.join(links.map((f) => sql.ref(f.name)))} FROM ${sql.table(meta.name)}
      WHERE id = ANY(${sql.val(rows.map((r) => r.id))}::uuid[])`.execute(trx);
    const byId = new Map(stored.map((r) => [r.id as string, r]));
    return rows.map(({ id, values }) =>
      Object.fromEntries(Object.entries(values).filter(([name, value]) => !links.some((f) => f.name === name) || byId.get(id)?.[name] !== value)),
    );
  }

  /** Applies SET clauses to one row and returns it as stored, in one statement. */
  private async updateReturning(trx: Kysely<Database>, meta: ObjectMetadata, sets: RawBuilder<unknown>[], id: string) {
    const fields = meta.fields.filter((f) => !f.archived);
    const { rows } = await sql<Row>`
      UPDATE ${sql.table(meta.name)} AS t SET ${sql.join(sets)} WHERE t.id = ${id}
      RETURNING ${selectColumns(fields)}`.execute(trx);
    return toApiRecord(fields, rows[0]);
  }

  private redact(meta: ObjectMetadata, record: ApiRecord, ctx: AccessContext) {
    const fields = visibleFields(meta, ctx);
    return Object.fromEntries(fields.map((f) => [f.name, record[f.name]]));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkId(id: string, path = 'id'): string {
  if (!UUID.test(id)) throw new ApiError('not_found', `no record ${id}`, [{ path, message: 'not a record id' }]);
  return id.toLowerCase();
}

function withCause(changes: RecordChange[], options: BatchOptions): RecordChange[] {
  return options.cause ? changes.map((c) => ({ ...c, cause: options.cause })) : changes;
}

/** A selection's ids, checked and each kept once (a selection spanning pages may repeat one). */
function checkIds(ids: unknown[]): string[] {
  checkBulkSize(ids.length);
  const checked = ids.map((id, i) => {
    if (typeof id !== 'string') throw badRequest(`ids.${i} must be a record id`, [{ path: `ids.${i}`, message: 'must be a record id' }]);
    return checkId(id, `ids.${i}`);
  });
  return [...new Set(checked)];
}

function checkBulkSize(n: number) {
  if (n < 1 || n > MAX_BULK) throw badRequest(`send 1 to ${MAX_BULK} rows per call`, [{ path: 'rows', message: `got ${n}` }]);
}

/** Prefixes database errors raised while writing row i with that row's path. */
async function withRowPath<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!path) throw error;
    const apiError = toApiError(error);
    if (!apiError) throw error;
    throw new ApiError(
      apiError.code,
      apiError.message.startsWith(path) ? apiError.message : `${path}: ${apiError.message}`,
      apiError.details.map((d) => ({ ...d, path: d.path.startsWith(path) ? d.path : `${path}.${d.path}` })),
    );
  }
}
