import type { FieldChanges } from '@crm/schema';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { BATCH_UPDATED, type BatchItem, type BatchPayload } from '../jobs/batch-event.js';

// merge/unmerge: a use case over several records (duplicates module), written on the surviving record.
export type RecordAction = 'create' | 'update' | 'delete' | 'restore' | 'merge' | 'unmerge';
/** Audit actions that are no single record's change: a batch of imported records, an export. */
export type BatchAction = 'import' | 'export';
export type { FieldChanges };

export interface RecordChange {
  object: string;
  recordId: string;
  action: RecordAction;
  actorId: string | null;
  changes: FieldChanges;
  /** The record after the change, for event consumers. */
  record: Record<string, unknown>;
  /** Why the change happened (e.g. which automation rule, at which chain depth); passed on in the event. */
  cause?: Record<string, unknown>;
}

// Rows per multi-row INSERT: well under PostgreSQL's 65,535 bind parameters.
const CHUNK = 500;

/**
 * Writes the audit entries and outbox events for the changes of one transaction (one row or a
 * bulk call), in a few multi-row inserts. Called inside that transaction, so either the changes,
 * their audit entries and their events all commit, or none does. Every change gets its own audit
 * entry; updates of several records of one object by one actor share one `record.batch_updated`
 * event (batchEvents), other changes get an event each.
 */
export async function recordChanges(trx: Kysely<Database>, changes: RecordChange[]) {
  for (let i = 0; i < changes.length; i += CHUNK) await auditEntries(trx, changes.slice(i, i + CHUNK));
  const batches = batchEvents(changes);
  const single = changes.filter((c) => !batches.batched.has(c));
  for (let i = 0; i < single.length; i += CHUNK) {
    await trx
      .insertInto('outbox')
      .values(
        single.slice(i, i + CHUNK).map((change) => ({
          topic: `record.${change.action}d`, // record.created, record.updated, record.deleted, record.restored
          object: change.object,
          record_id: change.recordId,
          payload: JSON.stringify({ actorId: change.actorId, changes: change.changes, record: change.record, ...(change.cause ? { cause: change.cause } : {}) }),
        })),
      )
      .execute();
  }
  // One row per event: a batch's payload holds every record it changed.
  for (const row of batches.rows) await trx.insertInto('outbox').values(row).execute();
}

/**
 * The batch events for the updates among `changes`: one per object and actor that updated two or
 * more records (a single update keeps its own `record.updated` event). A batch event's record_id
 * is an id of its own; its payload lists each record with its changes, state and cause.
 */
function batchEvents(changes: RecordChange[]) {
  const groups = new Map<string, RecordChange[]>();
  for (const change of changes) {
    if (change.action !== 'update') continue;
    const key = `${change.object}\n${change.actorId ?? ''}`;
    const group = groups.get(key) ?? [];
    group.push(change);
    groups.set(key, group);
  }
  const batched = new Set<RecordChange>();
  const rows = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const change of group) batched.add(change);
    const updated: BatchItem[] = group.map((c) => ({ id: c.recordId, changes: c.changes, record: c.record, ...(c.cause ? { cause: c.cause } : {}) }));
    const payload: BatchPayload & { actorId: string | null; changes: object; record: object } = { actorId: group[0].actorId, changes: {}, record: {}, batch: { updated } };
    rows.push({ topic: BATCH_UPDATED, object: group[0].object, record_id: randomUUID(), payload: JSON.stringify(payload) });
  }
  return { batched, rows };
}

async function auditEntries(trx: Kysely<Database>, chunk: RecordChange[]) {
  await trx
    .insertInto('audit_log')
    .values(chunk.map((change) => ({ object: change.object, record_id: change.recordId, action: change.action, actor_id: change.actorId, changes: JSON.stringify(change.changes) })))
    .execute();
}

/**
 * The updates one import batch made: an audit entry per record as for any update (its history
 * shows what the import changed), but one `record.imported` event listing them with their changes
 * (`import.updated`) instead of an event, and a job, per record: an import of 30,000 updates makes
 * 30 events, and subscribers handle each batch set-based.
 */
export async function recordImportUpdates(trx: Kysely<Database>, batch: { object: string; importId: string; actorId: string | null; changes: RecordChange[] }) {
  if (!batch.changes.length) return;
  for (let i = 0; i < batch.changes.length; i += CHUNK) await auditEntries(trx, batch.changes.slice(i, i + CHUNK));
  const updated = batch.changes.map((c) => ({ id: c.recordId, changes: c.changes }));
  await trx
    .insertInto('outbox')
    .values({ topic: 'record.imported', object: batch.object, record_id: batch.importId, payload: JSON.stringify({ actorId: batch.actorId, changes: {}, record: {}, import: { importId: batch.importId, updated } }) })
    .execute();
}

/** Records one bulk job (an import) created in one transaction. */
export interface ImportBatch {
  object: string;
  importId: string;
  actorId: string | null;
  created: string[];
  /** System dates the file gave (created_at, closed_at): an administrator's import of history, audited as such. */
  historicalDates?: string[];
}

/**
 * One audit entry (action 'import', record_id = the import) and one `record.imported` event for a
 * batch of records an import created, instead of one of each per record: at a million rows those
 * were a third of the import's time. Written in the batch's transaction like any change. A
 * record's history finds its entry by its created_at (the same transaction time as the entry's
 * `at`) and its id in `created`; the values it was created with are the record's first state.
 */
export async function recordImportBatch(trx: Kysely<Database>, batch: ImportBatch) {
  if (!batch.created.length) return;
  const details = { import: { importId: batch.importId, created: batch.created, ...(batch.historicalDates?.length ? { historicalDates: batch.historicalDates } : {}) } };
  await trx
    .insertInto('audit_log')
    .values({ object: batch.object, record_id: batch.importId, action: 'import', actor_id: batch.actorId, changes: JSON.stringify(details) })
    .execute();
  await trx
    .insertInto('outbox')
    .values({ topic: 'record.imported', object: batch.object, record_id: batch.importId, payload: JSON.stringify({ actorId: batch.actorId, changes: {}, record: {}, ...details }) })
    .execute();
}

export interface ExportEntry {
  object: string;
  actorId: string | null;
  format: string;
  rows: number;
  filter: unknown;
  q: string | null;
  sort: string | null;
  fields: string | null;
}

/**
 * Audits an export: who exported which object, with which filter, how many rows. An export is no
 * record, so the entry gets an id of its own as record_id (its timeline is itself).
 */
export async function recordExport(db: Kysely<Database>, entry: ExportEntry) {
  const { object, actorId, ...details } = entry;
  await db
    .insertInto('audit_log')
    .values({ object, record_id: randomUUID(), action: 'export', actor_id: actorId, changes: JSON.stringify({ export: details }) })
    .execute();
}

/** Install-wide settings and accounts whose changes are audited (action 'settings', object 'settings'). */
export type SettingsArea =
  | 'currency'
  | 'company'
  | 'email'
  | 'users'
  | 'teams'
  | 'roles'
  | 'fields'
  | 'pipelines'
  | 'targets'
  | 'automation'
  | 'territories'
  | 'webForms'
  | 'duplicateRules'
  | 'poolCaps'
  | 'apiKeys'
  | 'backups'
  | 'mailbox'
  | 'service'
  | 'trackingSites';

/** A name in both languages, shown in the viewer's (a custom field's label, a pipeline's name). */
export type BilingualName = { zh: string; en: string };

/**
 * Which user, team, role, rule, form, ... an entry is about: its name then and, when it has a uuid,
 * that id (the entry's record_id, so its history can be found). Without one the entry gets its own.
 */
export interface SettingsSubject {
  id?: string;
  name: string | BilingualName;
}

/**
 * Audits a change to settings or to an account: which values went from what to what. A settings
 * area is no record, so, like an export, its entry gets an id of its own; a user, team or role
 * entry carries that one's id. Nothing is written when nothing changed.
 */
export async function recordSettingsChange(db: Kysely<Database>, area: SettingsArea, actorId: string | null, changes: FieldChanges, subject?: SettingsSubject) {
  if (!Object.keys(changes).length) return;
  await db
    .insertInto('audit_log')
    .values({
      object: 'settings',
      record_id: subject?.id ?? randomUUID(),
      action: 'settings',
      actor_id: actorId,
      changes: JSON.stringify({ settings: { area, ...(subject ? { subject: subject.name } : {}), changes } }),
    })
    .execute();
}

/** The keys whose values differ between two flat objects (null and missing are the same; values compared as JSON). */
export function settingsChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

const isBilingual = (v: unknown): v is BilingualName => typeof v === 'object' && v !== null && !Array.isArray(v) && 'zh' in v && 'en' in v;
/** Values an audit line can show: scalars and bilingual names. Lists and nested settings cannot. */
const fitsOnALine = (v: unknown) => v === null || typeof v !== 'object' || isBilingual(v);

/**
 * Audits one configured thing (a user, a custom field, a rule, a form, ...) going from `before` to
 * `after`, each a flat snapshot of what an admin sees (null: created or deleted). A value too large
 * for a line (conditions, stages, a permission matrix) shows as changed on an edit and is left out
 * of a create or delete, whose other lines already say what it was; so are switches that are off.
 */
export async function auditConfigChange(db: Kysely<Database>, area: SettingsArea, actorId: string | null, subject: SettingsSubject, before: Record<string, unknown> | null, after: Record<string, unknown> | null, extra: FieldChanges = {}) {
  const changes = settingsChanges(before ?? {}, after ?? {});
  for (const [key, change] of Object.entries(changes)) {
    if (before && after) {
      if (!fitsOnALine(change.from) || !fitsOnALine(change.to)) changes[key] = { from: null, to: 'changed' };
    } else if (!fitsOnALine(change.from) || !fitsOnALine(change.to) || change.from === false || change.to === false) {
      delete changes[key];
    }
  }
  await recordSettingsChange(db, area, actorId, { ...changes, ...extra }, subject);
}
