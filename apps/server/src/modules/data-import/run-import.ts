import type { ImportOptions, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import { buildAccessContext } from '../../accounts/access-context.js';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { mayAssignOwner, requireScope, scopeCondition, scopeFor } from '../../engine/permissions/access.js';
import { ApiError } from '../../http/errors.js';
import { phases } from '../../engine/records/phase-timer.js';
import { noteGrowth } from '../../db/growth-stats.js';
import { readCompanyDefaults } from '../../engine/money/company-currency.js';
import { ensureIndexes, findExisting, matchersFor, rowKeys } from './dedupe.js';
import { deleteUpload, readUpload } from './file-store.js';
import { optionsOf, type ImportRow } from './import-store.js';
import { isRejected, loadUsers, prepareRow, reasonOf, rowContext, type PreparedRow, type RejectedRow, type RowContext } from './prepare-row.js';
import { isBlankCell, readRows, type Cell } from './read-rows.js';
import { resolveLinks, type LinkResolution } from './resolve-links.js';
import { HISTORY_FIELDS } from './propose-mapping.js';
import { hookReasons, UniqueGuard } from './row-checks.js';
import { emitEvent } from '../../engine/jobs/emit-event.js';
import { blockedCreates } from '../duplicates/block-duplicates.js';
import { LinkStats } from './link-stats.js';
import { rowReason } from './reject-reason.js';
import { fileKeys, linkDeferred, namesFileRow, saveDeferred, type DeferredLink } from './self-links.js';
import { linkKey } from './resolve-links.js';
import { indexImport, indexLaterFrom } from './index-import.js';
import { commitWithoutWaitingForDisk } from './async-commit.js';
import { linksByExternalId } from './placeholder-ids.js';
import { importUsers } from './users/import-users.js';
import { USERS } from './users/users-object.js';

type Row = Record<string, unknown>;

/**
 * Rows per transaction: big enough for set-based SQL to pay off, small enough for flat memory. The
 * embedded database has one connection, which a batch holds: smaller batches there let other
 * users' requests in between (a GET waits for one batch, not for the import).
 */
const batchRows = (deps: ImportDeps) => Number(process.env.CRM_IMPORT_BATCH_ROWS) || (deps.embedded ? 1000 : 5000);
/** Lets requests that arrived during a batch (I/O callbacks) run before the next one starts. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));
/** A worker that has not written a checkpoint for this long is presumed dead; another takes over (tests of crashes shorten it). */
export const LEASE_SECONDS = Number(process.env.CRM_IMPORT_LEASE_SECONDS) || 60;

export interface ImportDeps {
  db: Kysely<Database>;
  engine: Engine;
  /** Unique per process: the lease holder. */
  workerId: string;
  /** True once the app is stopping: the worker leaves after the current batch. */
  stopping(): boolean;
  /** On the embedded database (one connection): smaller batches. */
  embedded?: boolean;
}

/** The worker lost its lease (stopped, or another instance took over): leave without writing. */
class LeaseLost extends Error {}

/**
 * Runs whatever the import's status asks for (validate, validate + write, undo), resuming from
 * its checkpoint. Each batch commits its records, audit entries, events, undo data, rejected rows
 * and the new checkpoint in one transaction that also checks this worker still holds the lease and
 * the checkpoint is where it started, so a batch is applied exactly once.
 */
export async function processImport(deps: ImportDeps, importId: string): Promise<void> {
  const imp = await claim(deps, importId);
  if (!imp) return;
  try {
    if (imp.status === 'undoing') return await undoImport(deps, imp);
    if (imp.object === USERS) return await importUsers(deps, imp);
    if (imp.status === 'done') return await indexImport(deps, imp, () => leaveIfStopping(deps, imp.id));
    const job = await jobContext(deps, imp);
    if (imp.status === 'validating') {
      if (!imp.validated) await validateAll(deps, imp, job);
      await finish(deps, imp.id, { status: 'validated' });
      return;
    }
    await writeAll(deps, imp, job);
  } catch (error) {
    if (error instanceof LeaseLost) return;
    const message = error instanceof ApiError ? reasonOf(error) : error instanceof Error ? error.message : String(error);
    console.error('[import]', importId, error);
    await deps.db.updateTable('imports').set({ status: 'failed', error: message, worker: null, updated_at: new Date() }).where('id', '=', importId).where('worker', '=', deps.workerId).execute();
  }
}

async function claim(deps: ImportDeps, id: string): Promise<ImportRow | undefined> {
  const { rows } = await sql<ImportRow>`
    UPDATE imports SET worker = ${deps.workerId}, heartbeat_at = now()
    WHERE id = ${id} AND (status IN ('validating', 'running', 'undoing') OR (status = 'done' AND index_status = 'pending'))
      AND (worker IS NULL OR worker = ${deps.workerId} OR heartbeat_at < now() - make_interval(secs => ${LEASE_SECONDS}))
    RETURNING *`.execute(deps.db);
  return rows[0];
}

/** Gives the import back (the app is stopping): another worker may resume it at once. */
async function release(deps: ImportDeps, id: string) {
  await deps.db.updateTable('imports').set({ worker: null }).where('id', '=', id).where('worker', '=', deps.workerId).execute();
}

/** Ends a run; with `keepLease` this worker goes on to index the import's records (index_status pending). */
export async function finish(deps: ImportDeps, id: string, values: { status: string; finished_at?: Date; undone_at?: Date; index_status?: string; heartbeat_at?: Date }, keepLease = false) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('imports').set({ ...values, ...(keepLease ? {} : { worker: null }), updated_at: new Date() }).where('id', '=', id).where('worker', '=', deps.workerId).returning('object').executeTakeFirst();
    // Subscribers that speak once per import (the new owners' notice with its true count) hear when all is written.
    if (row && values.status === 'done') await emitEvent(trx, 'import.finished', { object: row.object, recordId: id });
  });
}

/** Locks the import row in a batch's transaction; throws unless this worker holds it at `at`. */
async function lockAt(trx: Kysely<Database>, deps: ImportDeps, id: string, column: 'checkpoint' | 'validated_rows', at: number) {
  const row = await trx.selectFrom('imports').select(['checkpoint', 'validated_rows']).where('id', '=', id).where('worker', '=', deps.workerId).forUpdate().executeTakeFirst();
  if (!row || row[column] !== at) throw new LeaseLost();
}

interface JobContext {
  meta: ObjectMetadata;
  ctx: AccessContext;
  rc: RowContext;
}

/** The importing user's permissions as they are now: an import never does more than its user may. */
async function jobContext(deps: ImportDeps, imp: ImportRow): Promise<JobContext> {
  const user = await deps.db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).where('id', '=', imp.created_by).executeTakeFirstOrThrow();
  const ctx = await buildAccessContext(deps.db, user);
  const meta = await deps.engine.records.object(imp.object);
  requireScope(ctx, meta.name, 'create');
  const options = optionsOf(imp);
  return { meta, ctx, rc: rowContext({ meta, mapping: imp.mapping, ctx, records: deps.engine.records, users: await loadUsers(deps.db) }, options, await readCompanyDefaults(deps.db)) };
}

/** Data rows of the stored file, numbered from 1 after the header rows; blank rows keep their number. */
export async function* dataRows(deps: ImportDeps, imp: ImportRow): AsyncGenerator<{ index: number; cells: Cell[] }> {
  let n = 0;
  for await (const cells of readRows(readUpload(deps.db, imp.id), imp.format as 'csv' | 'xlsx', imp.encoding)) {
    n++;
    if (n <= imp.header_rows) continue;
    yield { index: n - imp.header_rows, cells };
  }
}

/** Batches of prepared rows after `from`, with the index of the last row each covers. */
async function* batches(deps: ImportDeps, imp: ImportRow, job: JobContext, from: number) {
  let rows: (PreparedRow | RejectedRow)[] = [];
  let last = from;
  for await (const { index, cells } of dataRows(deps, imp)) {
    if (index <= from) continue;
    last = index;
    if (!cells.every(isBlankCell)) {
      const t = performance.now();
      rows.push(prepareRow(job.rc, index, cells));
      phases.add('prepare', performance.now() - t);
      // The rows of a buffered file arrive as microtasks, which never let I/O in: a turn of the event
      // loop every 250 rows lets the batch being written meanwhile (readAhead) take its database's replies.
      if (rows.length % 250 === 0) await yieldToRequests();
    }
    if (rows.length >= batchRows(deps)) {
      await leaveIfStopping(deps, imp.id);
      yield { rows, last };
      rows = [];
    }
  }
  await leaveIfStopping(deps, imp.id);
  yield { rows, last };
}

/**
 * Starts preparing the next batch (reading, converting and checking its rows: Node's work) as soon
 * as the current one is handed out, so it overlaps with the database writing the current one.
 */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      // The prepared batch may fail (the lease lost) while the caller is still busy: it is seen when awaited, not as unhandled.
      next.catch(() => undefined);
      const item = await next;
      if (item.done) return;
      next = source.next();
      yield item.value;
    }
  } finally {
    // The caller stopped early: close the file once the batch being prepared is through.
    void next.then(() => source.return(undefined)).catch(() => undefined);
  }
}

/**
 * A run that was not validated first needs the file's row count before writing (progress, and
 * whether to index later). A CSV's lines are counted in its bytes (every encoding offered writes a
 * line break as one 0x0A byte): 0.3 s for a million rows where parsing them took 7 s. Quoted line
 * breaks and blank lines make it an estimate; the run stores the exact count when it ends.
 */
async function countRows(deps: ImportDeps, imp: ImportRow) {
  let total = 0;
  if (imp.format === 'csv') {
    let last = 0x0a;
    for await (const chunk of readUpload(deps.db, imp.id)) {
      const bytes = chunk as Buffer;
      for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) total++;
      if (bytes.length) last = bytes[bytes.length - 1];
    }
    total = Math.max(0, total + (last === 0x0a ? 0 : 1) - imp.header_rows);
  } else {
    for await (const { index } of dataRows(deps, imp)) total = index;
  }
  await deps.db.updateTable('imports').set({ total_rows: total }).where('id', '=', imp.id).execute();
  imp.total_rows = total;
}

async function leaveIfStopping(deps: ImportDeps, id: string) {
  if (!deps.stopping()) return;
  await release(deps, id);
  throw new LeaseLost();
}

export async function insertRejects(trx: Kysely<Database>, importId: string, rejects: RejectedRow[]): Promise<number> {
  if (!rejects.length) return 0;
  const { rows } = await sql<{ n: string }>`
    WITH ins AS (
      INSERT INTO import_rejects (import_id, row_number, reason, cells)
      SELECT ${importId}, x.row_number, x.reason, x.cells FROM jsonb_to_recordset(${JSON.stringify(
        rejects.map((r) => ({ row_number: r.index, reason: r.reason.slice(0, 1000), cells: r.cells.map((c) => (c instanceof Date ? c.toISOString() : c === null || c === undefined ? '' : String(c))) })),
      )}::jsonb) AS x(row_number integer, reason text, cells jsonb)
      ON CONFLICT DO NOTHING RETURNING 1)
    SELECT count(*) AS n FROM ins`.execute(trx);
  return Number(rows[0].n);
}

/** Warnings of the rows that go in (a rejected row's warnings do not matter). */
async function insertWarnings(trx: Kysely<Database>, importId: string, rows: (PreparedRow | RejectedRow)[], rejects: RejectedRow[], locale: string) {
  const rejected = new Set(rejects.map((r) => r.index));
  const warned = rows.filter((r): r is PreparedRow => !isRejected(r) && Boolean(r.warnings) && !rejected.has(r.index));
  if (!warned.length) return;
  await sql`
    INSERT INTO import_warnings (import_id, row_number, warning)
    SELECT ${importId}, x.row_number, x.warning FROM jsonb_to_recordset(${JSON.stringify(
      warned.map((r) => ({ row_number: r.index, warning: r.warnings!.join(locale === 'en' ? '; ' : '；').slice(0, 1000) })),
    )}::jsonb) AS x(row_number integer, warning text)
    ON CONFLICT DO NOTHING`.execute(trx);
}

/**
 * Relation cells nothing matched: each one rejects the row unless missing records may be created
 * (needs create permission on the target) or it names another row of the file (linked afterwards).
 * A name several records share always rejects: a placeholder would be one more of them.
 */
function linkReasons(job: JobContext, plan: WritePlan, row: { links?: Record<string, string> }, links: LinkResolution[]): string[] {
  const reasons: string[] = [];
  const locale = job.ctx.locale;
  for (const link of links) {
    const text = row.links?.[link.field];
    if (!text) continue;
    const key = linkKey(text);
    if (link.found.has(key) || plan.inFile(link, key)) continue;
    const object = locale === 'en' ? link.target.label.en.toLowerCase() : link.target.label.zh;
    const n = link.ambiguous.get(key);
    if (n) reasons.push(rowReason(job.meta, { key: 'ambiguous_link', field: link.field, text, object, n }, locale));
    else if (!plan.canCreate(link.target.name)) reasons.push(rowReason(job.meta, { key: 'no_link', field: link.field, text, object }, locale));
  }
  return reasons;
}

/** 撞单 (a blocking duplicate rule) refusing a new row: the reason names the field and the existing record's owner. */
function blockReason(job: JobContext, hit: NonNullable<Awaited<ReturnType<typeof blockedCreates>>[number]>, headerRows: number, rowIndex: (i: number) => number): string {
  const locale = job.ctx.locale;
  const rule = locale === 'en' ? hit.rule.label.en.toLowerCase() : hit.rule.label.zh;
  if (hit.earlier !== undefined) return rowReason(job.meta, { key: 'blocked_row', field: hit.field, rule, row: rowIndex(hit.earlier) + headerRows }, locale);
  return rowReason(job.meta, { key: 'blocked', field: hit.field, rule, owner: hit.owner ?? (locale === 'en' ? 'nobody (public pool)' : '无（公海）') }, locale);
}

const reject = (row: { index: number; cells: Cell[] }, reason: string): RejectedRow => ({ index: row.index, cells: row.cells, reason });
const withReasons = (row: RejectedRow, more: string[]): RejectedRow => (more.length ? { ...row, reason: [row.reason, ...more].join('; ') } : row);

/** How rows are written: the same in the validation pass (which only checks) and the write pass. */
interface WritePlan {
  /** Whether a relation cell nothing stored matched names a row of the file (linked after the run). */
  inFile(link: LinkResolution, key: string): boolean;
  policy: ImportOptions['dedupe']['policy'];
  matchers: ReturnType<typeof matchersFor>;
  canCreate(object: string): boolean;
  createScope: ReturnType<typeof requireScope>;
  ownerMapped: boolean;
}

async function writePlanOf(deps: ImportDeps, imp: ImportRow, job: JobContext): Promise<WritePlan> {
  const options = optionsOf(imp);
  const { policy, keys } = options.dedupe;
  return {
    inFile: namesFileRow(job.meta, await fileKeys(job.meta, imp.mapping, dataRows(deps, imp))),
    policy,
    matchers: policy === 'create' ? [] : matchersFor(job.meta, keys, new Set(Object.keys(imp.mapping))),
    canCreate: (object) => options.createMissingRelations && scopeFor(job.ctx, object, 'create') !== 'none',
    createScope: requireScope(job.ctx, job.meta.name, 'create'),
    ownerMapped: 'owner_id' in imp.mapping,
  };
}

/** One batch sorted into what the run will do with each row: reject (with every reason), create, update, skip. */
interface Batch {
  rejects: RejectedRow[];
  links: LinkResolution[];
  creates: PreparedRow[];
  updates: Map<string, { rows: PreparedRow[]; values: Row }>;
  skipped: number;
}

async function sortBatch(deps: ImportDeps, job: JobContext, plan: WritePlan, rows: (PreparedRow | RejectedRow)[]): Promise<Batch> {
  const { meta, ctx } = job;
  const ok = rows.filter((r): r is PreparedRow => !isRejected(r));
  const rejected = rows.filter(isRejected);
  const links = await phases.time('links', () => resolveLinks(deps.db, meta, rows, ctx, (o) => deps.engine.metadata.get(o)));
  const rejects = rejected.map((r) => withReasons(r, linkReasons(job, plan, r, links)));
  const valid = ok.filter((row) => {
    const reasons = linkReasons(job, plan, row, links);
    if (!mayAssignOwner(ctx, plan.createScope, (row.values.owner_id ?? null) as string | null)) reasons.push('owner_id: owner outside your scope');
    if (reasons.length) rejects.push(reject(row, reasons.join('; ')));
    return !reasons.length;
  });
  const existing = plan.matchers.length ? await phases.time('dedupe', () => findExisting(deps.db, plan.matchers, valid.map((r) => r.values), ctx)) : valid.map(() => null);

  const creates: PreparedRow[] = [];
  const updates = new Map<string, { rows: PreparedRow[]; values: Row }>();
  const seen = new Map<string, number>();
  let skipped = 0;
  const updateValues = (row: PreparedRow) => {
    const input = { ...row.input };
    if (!plan.ownerMapped) delete input.owner_id;
    return deps.engine.records.parseValues(meta, input, 'update', ctx);
  };
  valid.forEach((row, i) => {
    const id = existing[i];
    if (id && plan.policy === 'skip') return void skipped++;
    if (id && plan.policy === 'update') {
      const entry = updates.get(id) ?? { rows: [], values: {} };
      entry.rows.push(row);
      Object.assign(entry.values, updateValues(row));
      updates.set(id, entry);
      return;
    }
    // The same person twice in one batch: the second row is the duplicate of the first.
    const earlier = plan.policy === 'create' ? undefined : rowKeys(plan.matchers, row.values).map((k) => seen.get(k)).find((n) => n !== undefined);
    if (earlier !== undefined) {
      if (plan.policy === 'skip') skipped++;
      else Object.assign(creates[earlier].values, definedOnly(updateValues(row)), linksOnly(row, creates[earlier]));
      return;
    }
    for (const k of rowKeys(plan.matchers, row.values)) seen.set(k, creates.length);
    creates.push(row);
  });
  return { rejects, links, creates, updates, skipped };
}

/** A row's values with its relation cells as the ids they resolved to (missing ones stay unset). */
function withLinks(links: LinkResolution[], row: PreparedRow, values: Row) {
  for (const link of links) if (row.links[link.field]) values[link.field] = link.found.get(linkKey(row.links[link.field]));
  return values;
}

/**
 * Pass 1: every row converted and checked before anything is written, with everything the write
 * pass checks: conversions and the record schema, relations, owner scope, dedupe, the object's
 * write rules (before hooks, on copies, rolled back) and unique fields. Rejects are stored.
 */
async function validateAll(deps: ImportDeps, imp: ImportRow, job: JobContext) {
  const plan = await writePlanOf(deps, imp, job);
  const unique = new UniqueGuard(job.meta, Object.keys(imp.mapping));
  const stats = new LinkStats(job.meta, imp.mapping);
  await ensureIndexes(deps.db, job.meta, plan.matchers);
  let at = imp.validated_rows;
  for await (const { rows, last } of readAhead(batches(deps, imp, job, at))) {
    await leaveIfStopping(deps, imp.id);
    const batch = await sortBatch(deps, job, plan, rows);
    stats.add(rows, batch.links, plan.inFile, job.rc);
    await ruleRejects(deps, imp, job, unique, batch);
    await phases.time('validate-commit', () => deps.db.transaction().execute(async (trx) => {
      await lockAt(trx, deps, imp.id, 'validated_rows', at);
      await insertRejects(trx, imp.id, batch.rejects);
      await insertWarnings(trx, imp.id, rows, batch.rejects, job.ctx.locale);
      await trx.updateTable('imports').set({ validated_rows: last, heartbeat_at: new Date(), updated_at: new Date() }).where('id', '=', imp.id).execute();
    }));
    at = last;
    await yieldToRequests();
  }
  phases.log(`validated ${imp.id}`);
  await markValidated(deps, imp, at, stats);
}

/** Ends validation: the file's row count, its link statistics and the counts of rejects and warnings. */
async function markValidated(deps: ImportDeps, imp: ImportRow, total: number, stats: LinkStats) {
  await sql`
    UPDATE imports SET validated = true, total_rows = ${total}, link_stats = ${JSON.stringify(stats)}::jsonb,
      rejected_count = (SELECT count(*) FROM import_rejects WHERE import_id = ${imp.id}),
      warning_count = (SELECT count(*) FROM import_warnings WHERE import_id = ${imp.id}), updated_at = now()
    WHERE id = ${imp.id} AND worker = ${deps.workerId}`.execute(deps.db);
  imp.validated = true;
  imp.total_rows = total;
  imp.link_stats = stats.toJSON();
}

/**
 * The checks of a sorted batch that only validation makes up front (the write repeats them under
 * locks, stopping at the first): unique fields, 撞单 and the object's write rules (before hooks, on
 * copies, rolled back), so a rejected row lists every reason. Adds the rejects to the batch and
 * takes their rows out of its creates and updates. With `rulesOnRefused` (a run checking as it
 * writes) the write rules run here only for rows refused anyway: the write runs them on the others.
 */
async function ruleRejects(deps: ImportDeps, imp: ImportRow, job: JobContext, unique: UniqueGuard, batch: Batch, rulesOnRefused = false) {
  const updates = [...batch.updates].map(([id, u]) => ({ id, rows: u.rows, values: u.rows.reduce((v, row) => withLinks(batch.links, row, v), { ...u.values }) }));
  const createValues = batch.creates.map((row) => withLinks(batch.links, row, { ...row.values }));
  const uniques = await unique.check(deps.db, [
    ...createValues.map((values, i) => ({ values, index: batch.creates[i].index + imp.header_rows })),
    ...updates.map((u) => ({ values: u.values, id: u.id, index: u.rows[0].index + imp.header_rows })),
  ]);
  const blocked = await blockedCreates(deps.db, job.meta, job.ctx, createValues, { lock: false });
  const createReasons = batch.creates.map((_, i) => [uniques[i], blocked[i] && blockReason(job, blocked[i]!, imp.header_rows, (k) => batch.creates[k].index)].filter(Boolean) as string[]);
  const updateReasons = updates.map((_, i) => [uniques[createValues.length + i]].filter(Boolean) as string[]);
  const ruled = { creates: createValues.flatMap((_, i) => (!rulesOnRefused || createReasons[i].length ? [i] : [])), updates: updates.flatMap((_, i) => (!rulesOnRefused || updateReasons[i].length ? [i] : [])) };
  const hooks = await phases.time('validate-hooks', () => hookReasons(deps.db, deps.engine, job.meta, job.ctx, ruled.creates.map((i) => createValues[i]), ruled.updates.map((i) => updates[i]), imp.id));
  ruled.creates.forEach((i, k) => hooks.creates[k] && createReasons[i].unshift(hooks.creates[k]!));
  ruled.updates.forEach((i, k) => hooks.updates[k] && updateReasons[i].unshift(hooks.updates[k]!));
  const refused = new Set<PreparedRow>();
  batch.creates.forEach((row, i) => {
    if (!createReasons[i].length) return;
    batch.rejects.push(reject(row, createReasons[i].join('; ')));
    refused.add(row);
  });
  updates.forEach((u, i) => {
    if (!updateReasons[i].length) return;
    for (const row of u.rows) batch.rejects.push(reject(row, updateReasons[i].join('; ')));
    batch.updates.delete(u.id);
  });
  batch.creates = batch.creates.filter((row) => !refused.has(row));
}

/**
 * Pass 2: batches of creates and updates, deduplicated against stored records and earlier rows.
 * A row the object's rules or a unique field refuse is rejected on its own: the batch goes on.
 */
async function writeAll(deps: ImportDeps, imp: ImportRow, job: JobContext) {
  const { meta, ctx } = job;
  const options = optionsOf(imp);
  const plan = await writePlanOf(deps, imp, job);
  const unique = new UniqueGuard(meta, Object.keys(imp.mapping));
  await ensureIndexes(deps.db, meta, plan.matchers);
  // A run the user did not validate first checks each batch as it writes it: the file is read and its rows converted once.
  const checking = !imp.validated;
  const stats = new LinkStats(meta, imp.mapping);
  // The checks keep their own record of the file's unique values: the write's guard sees each row a second time.
  const checkedUnique = new UniqueGuard(meta, Object.keys(imp.mapping));
  if (checking) await phases.time('count', () => countRows(deps, imp));
  // A large import leaves its records' search terms and match keys to indexImport (the same for every batch: total_rows is fixed).
  const indexLater = (imp.total_rows ?? 0) >= indexLaterFrom();
  let at = imp.checkpoint;
  for await (const { rows, last } of readAhead(batches(deps, imp, job, at))) {
    // The next batch was prepared while the last one was written: a stopping app leaves before writing it.
    await leaveIfStopping(deps, imp.id);
    const batch = await sortBatch(deps, job, plan, rows);
    if (checking) {
      stats.add(rows, batch.links, plan.inFile, job.rc);
      // Placeholder ids follow the link statistics of the rows seen so far (all of them for a file of one batch).
      imp.link_stats = stats.toJSON();
      await ruleRejects(deps, imp, job, checkedUnique, batch, true);
    }
    const { rejects, links, creates, updates, skipped } = batch;

    const written = await phases.time('write-trx', () => deps.db.transaction().execute(async (trx) => {
      await lockAt(trx, deps, imp.id, 'checkpoint', at);
      await commitWithoutWaitingForDisk(trx);
      let placeholders = 0;
      const changes: Change[] = [];
      // Relation targets named in the file but missing, created once per batch (later batches find them).
      for (const link of links) {
        const wanted = new Map<string, string>();
        for (const row of [...creates, ...[...updates.values()].flatMap((u) => u.rows)]) {
          const text = row.links[link.field];
          const key = text ? linkKey(text) : '';
          if (text && !link.found.has(key) && !link.ambiguous.has(key) && !plan.inFile(link, key)) wanted.set(key, text);
        }
        if (!wanted.size) continue;
        const owner = options.ownerId ?? ctx.userId;
        const withId = link.target.fields.some((f) => f.name === 'external_id' && !f.archived) && linksByExternalId(imp, link);
        const bodies = [...wanted.values()].map((text, i) =>
          deps.engine.records.parseValues(link.target, { [link.target.titleField]: text, owner_id: owner, ...(withId ? { external_id: text } : {}) }, 'create', ctx, `${link.field}.${i}`),
        );
        const made = await deps.engine.records.bulk.insert(trx, link.target, bodies, ctx, { importId: imp.id });
        [...wanted.keys()].forEach((key, i) => link.found.set(key, made[i].id as string));
        for (const r of made) changes.push({ object: link.target.name, record_id: r.id as string, action: 'created', previous: null, placeholder: true });
        placeholders += made.length;
      }
      const updateList = [...updates].map(([id, u]) => ({ id, rows: u.rows, values: u.rows.reduce((v, row) => withLinks(links, row, v), u.values) }));
      const candidates = creates.map((row) => ({ row, values: withLinks(links, row, row.values) }));
      const uniques = await unique.check(trx, [
        ...candidates.map((c) => ({ values: c.values, index: c.row.index + imp.header_rows })),
        ...updateList.map((u) => ({ values: u.values, id: u.id, index: u.rows[0].index + imp.header_rows })),
      ]);
      const unblocked = candidates.filter((c, i) => {
        if (uniques[i]) rejects.push(reject(c.row, uniques[i]));
        return !uniques[i];
      });
      // 撞单: checked again under the keys' locks, so a rep creating the same customer meanwhile waits for this batch.
      const blocked = await blockedCreates(trx, meta, ctx, unblocked.map((c) => c.values), { lock: true });
      const toCreate = unblocked.filter((c, i) => {
        const hit = blocked[i];
        if (hit) rejects.push(reject(c.row, blockReason(job, hit, imp.header_rows, (k) => unblocked[k].row.index)));
        return !hit;
      });
      const toUpdate = updateList.filter((u, i) => {
        const reason = uniques[candidates.length + i];
        if (reason) for (const row of u.rows) rejects.push(reject(row, reason));
        return !reason;
      });
      await deps.engine.records.checkReferences(trx, meta, toCreate.map((c) => c.values), ctx, (i) => `row ${toCreate[i].row.index}`);
      const refusedRows = new Set<number>();
      const inserted = await deps.engine.records.bulk.insert(trx, meta, toCreate.map((c) => c.values), ctx, {
        importId: imp.id,
        indexLater,
        historicalDates: Object.keys(imp.mapping).filter((f) => HISTORY_FIELDS.has(f)),
        rejectRow: (i, error) => {
          refusedRows.add(i);
          rejects.push(reject(toCreate[i].row, reasonOf(error)));
        },
      });
      for (const r of inserted) changes.push({ object: meta.name, record_id: r.id as string, action: 'created', previous: null });
      const deferred: DeferredLink[] = [];
      // Inserted records come back in the order of the rows kept.
      toCreate.filter((_, i) => !refusedRows.has(i)).forEach((c, i) => deferred.push(...deferredOf(plan, links, c.row, inserted[i].id as string)));

      const refused = new Set<string>();
      const updated = await deps.engine.records.bulk.update(trx, meta, toUpdate, ctx, {
        importId: imp.id,
        rejectRow: (i, error) => {
          refused.add(toUpdate[i].id);
          for (const row of toUpdate[i].rows) rejects.push(reject(row, reasonOf(error)));
        },
      });
      const updatedIds = new Set(updated.map((u) => u.record.id as string));
      for (const u of toUpdate) if (!refused.has(u.id)) for (const row of u.rows) deferred.push(...deferredOf(plan, links, row, u.id));
      await saveDeferred(trx, imp.id, deferred);
      for (const { previous, record } of updated) {
        const values = toUpdate.find((u) => u.id === record.id)!.values;
        changes.push({ object: meta.name, record_id: record.id as string, action: 'updated', previous: Object.fromEntries(Object.keys(values).map((k) => [k, previous[k]])) });
      }
      // Matched records the user may read but not change are reported, not silently skipped.
      const notUpdated = toUpdate.map((u) => u.id).filter((id) => !updatedIds.has(id) && !refused.has(id));
      const allowed = await updatableIds(trx, meta, notUpdated, ctx);
      let unchanged = 0;
      for (const id of notUpdated) {
        const rowsOf = updates.get(id)!.rows;
        if (allowed.has(id)) unchanged += rowsOf.length;
        else for (const row of rowsOf) rejects.push(reject(row, 'the matching record is not yours to update'));
      }
      await phases.time('changes+rejects', () => insertChanges(trx, imp.id, changes));
      const rejected = await insertRejects(trx, imp.id, rejects);
      if (checking) {
        await insertWarnings(trx, imp.id, rows, rejects, ctx.locale);
        await trx.updateTable('imports').set({ validated_rows: last }).where('id', '=', imp.id).execute();
      }
      await sql`
        UPDATE imports SET checkpoint = ${last}, heartbeat_at = now(), updated_at = now(),
          created_count = created_count + ${inserted.length},
          updated_count = updated_count + ${updated.length},
          skipped_count = skipped_count + ${skipped + unchanged},
          rejected_count = rejected_count + ${rejected},
          placeholder_count = placeholder_count + ${placeholders}
        WHERE id = ${imp.id}`.execute(trx);
      return { created: inserted.length };
    }));
    at = last;
    await phases.time('analyze', () => noteGrowth(deps.db, meta.name, written.created));
    await yieldToRequests();
  }
  // Second pass: rows naming rows further down the file get their links now that every row exists.
  await linkDeferred(deps.db, deps.engine, meta, imp.id, ctx, (trx) => lockAt(trx, deps, imp.id, 'checkpoint', at));
  if (checking) await markValidated(deps, imp, at, stats);
  phases.log(`import ${imp.id}`);
  if (!indexLater) {
    await finish(deps, imp.id, { status: 'done', finished_at: new Date() });
    return await deleteUpload(deps.db, imp.id);
  }
  // Done for the user (rows committed, listed, deduplicated); this worker keeps the lease and indexes at once.
  await finish(deps, imp.id, { status: 'done', index_status: 'pending', finished_at: new Date(), heartbeat_at: new Date() }, true);
  await deleteUpload(deps.db, imp.id);
  await indexImport(deps, { ...imp, status: 'done' }, () => leaveIfStopping(deps, imp.id));
}

async function updatableIds(trx: Kysely<Database>, meta: ObjectMetadata, ids: string[], ctx: AccessContext): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await sql<{ id: string }>`
    SELECT t.id FROM ${sql.table(meta.name)} t WHERE t.id = ANY(${sql.val(ids)}::uuid[]) AND ${scopeCondition(ctx, meta.name, 'update')}`.execute(trx);
  return new Set(rows.map((r) => r.id));
}

type Change = { object: string; record_id: string; action: string; previous: Row | null; placeholder?: boolean };

/** A written row's relation cells that name a row of the file not yet found: linked after the run. */
function deferredOf(plan: WritePlan, links: LinkResolution[], row: PreparedRow, recordId: string): DeferredLink[] {
  return links.flatMap((link) => {
    const text = row.links[link.field];
    return text && !link.found.has(linkKey(text)) && plan.inFile(link, linkKey(text)) ? [{ recordId, field: link.field, target: text }] : [];
  });
}

const definedOnly = (values: Row) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
/** Links of a later duplicate row carry over to the row that will be created. */
function linksOnly(from: PreparedRow, into: PreparedRow) {
  Object.assign(into.links, from.links);
  return {};
}

async function insertChanges(trx: Kysely<Database>, importId: string, changes: Change[]) {
  // Created records (nearly all of a large import) need only their ids: one array, no JSON. Their
  // ids are new, so no entry can exist yet: a plain insert (ON CONFLICT costs ~5 s per million).
  const created = changes.filter((c) => c.action === 'created' && !c.placeholder);
  const others = changes.filter((c) => c.action !== 'created' || c.placeholder);
  if (created.length) {
    await sql`
      INSERT INTO import_changes (import_id, object, record_id, action, previous, placeholder)
      SELECT ${importId}, x.object, x.record_id, 'created', NULL, false
      FROM unnest(${sql.val(created.map((c) => c.object))}::text[], ${sql.val(created.map((c) => c.record_id))}::uuid[]) AS x(object, record_id)`.execute(trx);
  }
  if (!others.length) return;
  // A record changed twice by one import keeps its first entry: undo restores the state before the import.
  await sql`
    INSERT INTO import_changes (import_id, object, record_id, action, previous, placeholder)
    SELECT ${importId}, x.object, x.record_id, x.action, x.previous, coalesce(x.placeholder, false)
    FROM jsonb_to_recordset(${JSON.stringify(others)}::jsonb) AS x(object text, record_id uuid, action text, previous jsonb, placeholder boolean)
    ON CONFLICT DO NOTHING`.execute(trx);
}

/**
 * Undo: records the import created go to the recycle bin, records it updated get back the values
 * they had before it; batch by batch, each batch's undo entries deleted in the same transaction.
 */
async function undoImport(deps: ImportDeps, imp: ImportRow) {
  const user = await deps.db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).where('id', '=', imp.created_by).executeTakeFirstOrThrow();
  const ctx = await buildAccessContext(deps.db, user);
  for (;;) {
    if (deps.stopping()) {
      await release(deps, imp.id);
      return;
    }
    // Metadata is refreshed outside the transaction: on PGlite the pool has one connection, which
    // the transaction holds, so a refresh from inside it would wait forever.
    await deps.engine.metadata.ensureFresh();
    const done = await deps.db.transaction().execute(async (trx) => {
      const lease = await trx.selectFrom('imports').select('id').where('id', '=', imp.id).where('worker', '=', deps.workerId).forUpdate().executeTakeFirst();
      if (!lease) throw new LeaseLost();
      const entries = await trx.selectFrom('import_changes').selectAll().where('import_id', '=', imp.id).orderBy('object').orderBy('record_id').limit(batchRows(deps)).execute();
      if (!entries.length) return true;
      for (const object of new Set(entries.map((e) => e.object))) {
        const meta = deps.engine.metadata.get(object);
        const mine = entries.filter((e) => e.object === object);
        await deps.engine.records.bulk.softDelete(trx, meta, mine.filter((e) => e.action === 'created').map((e) => e.record_id), ctx);
        await deps.engine.records.bulk.update(trx, meta, mine.filter((e) => e.action === 'updated').map((e) => ({ id: e.record_id, values: (e.previous ?? {}) as Row })), ctx);
      }
      await sql`DELETE FROM import_changes WHERE import_id = ${imp.id} AND (object, record_id) IN (
        SELECT * FROM unnest(${sql.val(entries.map((e) => e.object))}::text[], ${sql.val(entries.map((e) => e.record_id))}::uuid[]))`.execute(trx);
      await trx.updateTable('imports').set({ heartbeat_at: new Date() }).where('id', '=', imp.id).execute();
      return false;
    });
    if (done) break;
  }
  await finish(deps, imp.id, { status: 'undone', undone_at: new Date() });
}
