import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import { timeOrderedId } from './time-ordered-id.js';
import type { Database } from '../../db/types.js';
import { recordChanges, recordImportBatch, recordImportUpdates, type FieldChanges, type RecordChange } from '../audit/audit.js';
import type { HookEvent, RecordHooks } from '../hooks/hooks.js';
import { ApiError } from '../../http/errors.js';
import { columnsOf, comparable, toColumns } from '../metadata/columns.js';
import { SYSTEM_FIELD_NAMES } from '../metadata/system-fields.js';
import { scopeCondition, type AccessContext } from '../permissions/access.js';
import { recordLexemes } from '../search/terms.js';
import { phases } from './phase-timer.js';
import { selectColumns, toApiRecord } from './row-mapping.js';

type Row = Record<string, unknown>;

/** With `rejectRow`, a row a before hook refuses (an ApiError: a stage rule…) is reported and left out instead of failing the batch. */
export interface BulkRowOptions {
  rejectRow?: (index: number, error: ApiError) => void;
  /** Why the change happens (an automation rule and its chain depth): passed on in each record's event. */
  cause?: Record<string, unknown>;
  /** Written by this import: updates are announced in one event for the batch (recordImportUpdates), not one per record. */
  importId?: string;
}

/**
 * Columns a bulk write stores: client fields, fields a module's hook keeps (closed_at…) and a
 * historical created_at a caller was allowed to give; never the engine's own bookkeeping.
 */
const writable = (f: FieldDefinition) => !f.system || !SYSTEM_FIELD_NAMES.has(f.name) || f.name === 'created_at';

/** Runs a before hook for each row; rows it refuses go to `rejectRow` (if given) and are left out. */
async function keptAfter(rows: Row[], options: BulkRowOptions, run: (values: Row, i: number) => Promise<void>): Promise<number[]> {
  const kept: number[] = [];
  for (const [i, values] of rows.entries()) {
    try {
      await run(values, i);
      kept.push(i);
    } catch (error) {
      if (!(options.rejectRow && error instanceof ApiError)) throw error;
      options.rejectRow(i, error);
    }
  }
  return kept;
}

/**
 * Set-based writes for large batches (imports): one statement inserts or updates thousands of
 * rows by sending them as one JSON array (jsonb_to_recordset), so neither the bind-parameter limit
 * nor a round trip per row applies. Audit entries and outbox events are written exactly as for
 * single writes, in the caller's transaction; hooks still run per row where a module registered one.
 * Values must already be validated (RecordService.parseValues) and owner/scope-checked.
 */
export class BulkWriter {
  constructor(private readonly hooks: RecordHooks) {}

  /**
   * Inserts validated rows. With `importId` the batch gets one audit entry and one event
   * (recordImportBatch) rather than one per record.
   */
  async insert(trx: Kysely<Database>, meta: ObjectMetadata, all: Row[], ctx: AccessContext, options: { historicalDates?: string[]; indexLater?: boolean } & BulkRowOptions = {}): Promise<Row[]> {
    if (!all.length) return [];
    let rows = all;
    if (this.hooks.has(meta.name, 'beforeCreate')) {
      const kept = await keptAfter(all, options, (values) => this.hooks.run('beforeCreate', { object: meta.name, ctx, trx, values, importId: options.importId }));
      rows = kept.map((i) => all[i]);
      if (!rows.length) return [];
    }
    const fields = meta.fields.filter((f) => !f.archived);
    const written = fields.filter((f) => writable(f) && rows.some((r) => r[f.name] !== undefined));
    const cols = [
      { name: 'id', sqlType: 'uuid' },
      { name: 'created_by', sqlType: 'uuid' },
      { name: 'updated_by', sqlType: 'uuid' },
      ...written.flatMap(columnsOf),
    ];
    const searched = meta.searchable && !options.indexLater;
    const t0 = performance.now();
    // Time-ordered ids: a batch's rows sit side by side in the primary key, the undo entries and the
    // heap, so a million-row insert appends instead of touching random index pages, and the deferred
    // index pass (which walks the records in id order) reads consecutive pages.
    const json = rows.map((values) => {
      const out: Row = { id: timeOrderedId(), created_by: ctx.userId, updated_by: ctx.userId };
      for (const f of written) Object.assign(out, (toColumns(f, values[f.name])));
      if (searched) out._lex = recordLexemes(meta, values);
      return out;
    });
    phases.add('insert-json', performance.now() - t0);
    const recordset = [...cols, ...(searched ? [{ name: '_lex', sqlType: 'text[]' }] : [])];
    // With indexLater, _search stays NULL (not found by search) until index() builds it.
    const { rows: inserted } = await phases.time('insert-sql', () => sql<Row>`
      INSERT INTO ${sql.table(meta.name)} AS t (${sql.join(cols.map((c) => sql.ref(c.name)))}${searched ? sql`, _search` : sql``})
      SELECT ${sql.join(cols.map(columnValue))}${searched ? sql`, array_to_tsvector(coalesce(x._lex, '{}'))` : sql``}
      FROM jsonb_to_recordset(${JSON.stringify(json)}::jsonb) AS x(${recordsetTypes(recordset)})
      RETURNING ${selectColumns(fields)}`.execute(trx));
    const byId = new Map(inserted.map((r) => [String(r.id), toApiRecord(fields, r)]));
    const records = json.map((j) => byId.get(j.id as string)!);
    if (this.hooks.has(meta.name, 'afterCreate')) {
      await phases.time('after-create-hooks', async () => {
        await this.hooks.runBatch('afterCreate', meta.name, records.map((record, i) => ({ object: meta.name, ctx, trx, values: rows[i], record, indexLater: options.indexLater })));
      });
    }
    await phases.time('audit+outbox', () =>
      options.importId
        ? recordImportBatch(trx, { object: meta.name, importId: options.importId, actorId: ctx.userId, created: records.map((r) => r.id as string), historicalDates: options.historicalDates })
        : recordChanges(trx, records.map((record, i) => ({ object: meta.name, recordId: record.id as string, action: 'create', actorId: ctx.userId, changes: createdFields(written, rows[i], record), record, ...causeOf(options) }))),
    );
    return records;
  }

  /**
   * Applies each row's values to its record, within the user's update scope. Returns, per updated
   * record, the stored state before and after; ids out of scope or deleted are left out.
   */
  async update(trx: Kysely<Database>, meta: ObjectMetadata, rows: { id: string; values: Row }[], ctx: AccessContext, options: BulkRowOptions & { causeOf?: (id: string) => Record<string, unknown> | undefined } = {}): Promise<{ previous: Row; record: Row }[]> {
    if (!rows.length) return [];
    const fields = meta.fields.filter((f) => !f.archived);
    const { rows: locked } = await sql<Row>`
      SELECT ${selectColumns(fields)} FROM ${sql.table(meta.name)} t
      WHERE t.id = ANY(${sql.val(rows.map((r) => r.id))}::uuid[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, meta.name, 'update')}
      ORDER BY t.id FOR UPDATE`.execute(trx);
    const previousById = new Map(locked.map((r) => [String(r.id), toApiRecord(fields, r)]));
    // Rows with the same changed columns go into one UPDATE … FROM jsonb_to_recordset.
    const groups = new Map<string, { names: string[]; items: { id: string; values: Row; previous: Row; changes: FieldChanges }[] }>();
    const hooked = this.hooks.has(meta.name, 'beforeUpdate');
    const kept = await keptAfter(rows.map((r) => r.values), options, async (values, i) => {
      const previous = previousById.get(rows[i].id);
      if (previous && hooked) await this.hooks.run('beforeUpdate', { object: meta.name, ctx, trx, values, previous });
    });
    for (const { id, values } of kept.map((i) => rows[i])) {
      const previous = previousById.get(id);
      if (!previous) continue;
      const changes: FieldChanges = {};
      for (const f of fields) {
        if (!writable(f) || f.name === 'created_at' || values[f.name] === undefined || comparable(values[f.name]) === comparable(previous[f.name])) continue;
        changes[f.name] = { from: previous[f.name], to: values[f.name] };
      }
      const names = Object.keys(changes).sort();
      if (!names.length) continue;
      const key = names.join(',');
      const group = groups.get(key) ?? { names, items: [] };
      group.items.push({ id, values, previous, changes });
      groups.set(key, group);
    }
    const out: { previous: Row; record: Row }[] = [];
    const pending: RecordChange[] = [];
    const events: HookEvent[] = [];
    for (const { names, items } of groups.values()) {
      const changed = fields.filter((f) => names.includes(f.name));
      const cols = changed.flatMap(columnsOf);
      // The search terms are rewritten only when a searched field changed: no text index update otherwise.
      const search = meta.searchable && changed.some((f) => f.searchable);
      const json = items.map(({ id, values, previous }) => {
        const j: Row = { id };
        for (const f of changed) Object.assign(j, (toColumns(f, values[f.name])));
        if (search) j._lex = recordLexemes(meta, { ...previous, ...values });
        return j;
      });
      const recordset = [{ name: 'id', sqlType: 'uuid' }, ...cols, ...(search ? [{ name: '_lex', sqlType: 'text[]' }] : [])];
      const sets = [
        ...cols.map((c) => sql`${sql.ref(c.name)} = ${columnValue(c)}`),
        sql`version = t.version + 1`,
        sql`updated_at = now()`,
        sql`updated_by = ${ctx.userId}`,
        ...(search ? [sql`_search = array_to_tsvector(coalesce(x._lex, '{}'))`] : []),
      ];
      const { rows: updated } = await sql<Row>`
        UPDATE ${sql.table(meta.name)} AS t SET ${sql.join(sets)}
        FROM jsonb_to_recordset(${JSON.stringify(json)}::jsonb) AS x(${recordsetTypes(recordset)})
        WHERE t.id = x.id
        RETURNING ${selectColumns(fields)}`.execute(trx);
      const byId = new Map(updated.map((r) => [String(r.id), toApiRecord(fields, r)]));
      for (const item of items) {
        const record = byId.get(item.id)!;
        for (const name of Object.keys(item.changes)) item.changes[name].to = record[name];
        events.push({ object: meta.name, ctx, trx, values: item.values, previous: item.previous, record });
        const cause = options.causeOf?.(item.id) ?? options.cause;
        pending.push({ object: meta.name, recordId: item.id, action: 'update', actorId: ctx.userId, changes: item.changes, record, ...(cause ? { cause } : {}) });
        out.push({ previous: item.previous, record });
      }
    }
    await this.hooks.runBatch('afterUpdate', meta.name, events);
    if (options.importId) await recordImportUpdates(trx, { object: meta.name, importId: options.importId, actorId: ctx.userId, changes: pending });
    else await recordChanges(trx, pending);
    return out;
  }

  /**
   * Builds what an insert with `indexLater` left out, for the given records that are still live:
   * their search terms (where still NULL: an update since has built them) and, through the
   * 'afterIndex' hooks, the modules' own structures. Safe to repeat for the same records.
   */
  async index(trx: Kysely<Database>, meta: ObjectMetadata, ids: string[], ctx: AccessContext): Promise<number> {
    if (!ids.length) return 0;
    const fields = meta.fields.filter((f) => !f.archived);
    const { rows } = await sql<Row>`
      SELECT ${selectColumns(fields)}, t._search IS NULL AS _unsearched FROM ${sql.table(meta.name)} t
      WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND t.deleted_at IS NULL ORDER BY t.id FOR UPDATE`.execute(trx);
    const records = rows.map((r) => ({ record: toApiRecord(fields, r), unsearched: r._unsearched === true }));
    const vectors = records.filter((r) => meta.searchable && r.unsearched).map(({ record }) => ({ id: record.id, lex: recordLexemes(meta, record) }));
    await setUnsearchedTerms(trx, meta, vectors);
    await this.hooks.runBatch('afterIndex', meta.name, records.map(({ record }) => ({ object: meta.name, ctx, trx, values: {}, record })));
    return records.length;
  }

  /**
   * The search terms alone of records an insert with `indexLater` left unsearched (the first phase
   * of an import's deferred pass): reads only the searchable fields, without row locks, and sets
   * terms only where still NULL, so an update since (which built them from newer values) wins and a
   * repeated batch changes nothing. Returns how many records got terms.
   */
  async indexSearch(trx: Kysely<Database>, meta: ObjectMetadata, ids: string[]): Promise<number> {
    if (!ids.length || !meta.searchable) return 0;
    const fields = meta.fields.filter((f) => f.searchable && !f.archived);
    const { rows } = await phases.time('search-select', () => sql<Row>`
      SELECT t.id${fields.length ? sql`, ${selectColumns(fields)}` : sql``} FROM ${sql.table(meta.name)} t
      WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND t._search IS NULL AND t.deleted_at IS NULL`.execute(trx));
    if (!rows.length) return 0;
    const vectors = phases.timeSync('search-lexemes', () => rows.map((r) => ({ id: r.id, lex: recordLexemes(meta, toApiRecord(fields, r)) })));
    return phases.time('search-update', () => setUnsearchedTerms(trx, meta, vectors));
  }

  /** Moves records to the recycle bin (within the delete scope); returns the ids moved. */
  async softDelete(trx: Kysely<Database>, meta: ObjectMetadata, ids: string[], ctx: AccessContext): Promise<string[]> {
    if (!ids.length) return [];
    const fields = meta.fields.filter((f) => !f.archived);
    const { rows } = await sql<Row>`
      UPDATE ${sql.table(meta.name)} AS t SET deleted_at = now(), version = t.version + 1, updated_at = now(), updated_by = ${ctx.userId}
      WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND t.deleted_at IS NULL AND ${scopeCondition(ctx, meta.name, 'delete')}
      RETURNING ${selectColumns(fields)}`.execute(trx);
    const pending: RecordChange[] = [];
    const events: HookEvent[] = [];
    for (const row of rows) {
      const record = toApiRecord(fields, row);
      events.push({ object: meta.name, ctx, trx, values: {}, record });
      pending.push({ object: meta.name, recordId: record.id as string, action: 'delete', actorId: ctx.userId, changes: { deleted_at: { from: null, to: record.deleted_at } }, record });
    }
    await this.hooks.runBatch('afterDelete', meta.name, events);
    await recordChanges(trx, pending);
    return rows.map((r) => String(r.id));
  }
}

/** Sets the search vectors of records whose terms are still NULL (a newer write's terms win); returns how many were set. */
async function setUnsearchedTerms(trx: Kysely<Database>, meta: ObjectMetadata, vectors: { id: unknown; lex: string[] }[]): Promise<number> {
  if (!vectors.length) return 0;
  const result = await sql`
    UPDATE ${sql.table(meta.name)} AS t SET _search = array_to_tsvector(coalesce(v.lex, '{}'))
    FROM jsonb_to_recordset(${JSON.stringify(vectors)}::jsonb) AS v(id uuid, lex text[])
    WHERE t.id = v.id AND t._search IS NULL`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

const causeOf = (options: BulkRowOptions) => (options.cause ? { cause: options.cause } : {});

/** A create's audit changes: every field it set, from nothing to the stored value. */
function createdFields(written: FieldDefinition[], values: Row, record: Row): FieldChanges {
  const changes: FieldChanges = {};
  for (const f of written) if (values[f.name] !== undefined && values[f.name] !== null) changes[f.name] = { from: null, to: record[f.name] };
  return changes;
}

/** A recordset column as its table column's type (a region arrives as JSON text). */
function columnValue(c: { name: string; sqlType: string }) {
  return c.sqlType === 'jsonb' ? sql`${sql.ref(`x.${c.name}`)}::jsonb` : sql.ref(`x.${c.name}`);
}

function recordsetTypes(cols: { name: string; sqlType: string }[]) {
  // A region is stored as jsonb: toColumns gives its JSON text, which the recordset reads as text.
  return sql.raw(cols.map((c) => `"${c.name}" ${c.sqlType === 'jsonb' ? 'text' : c.sqlType}`).join(', '));
}
