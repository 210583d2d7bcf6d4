import type { ImportOptions, ObjectMetadata } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext } from '../../engine/index.js';
import type { RecordService } from '../../engine/records/record-service.js';
import { ApiError } from '../../http/errors.js';
import type { CellFormats } from './cell-formats.js';
import { CellError, convertCell, type UserDirectory } from './convert-cell.js';
import { applyParts, baseField, isPart } from './field-parts.js';
import { valueMapsOf, type ValueMap } from './match-values.js';
import { HISTORY_FIELDS, type Mapping } from './propose-mapping.js';
import type { Cell } from './read-rows.js';
import { cellReason, detailsReason } from './reject-reason.js';

type Row = Record<string, unknown>;

/** A data row turned into field values: `input` before validation (relations still as text). */
export interface PreparedRow {
  /** 1-based data row (headers not counted). */
  index: number;
  cells: Cell[];
  input: Row;
  /** Validated create values, relations left out. */
  values: Row;
  /** Relation field → the name or id the cell gave. */
  links: Record<string, string>;
  /** What the user should look at although the row goes in (a phone kept as written). */
  warnings?: string[];
}

export interface RejectedRow {
  index: number;
  cells: Cell[];
  /** Every reason the row cannot be imported, '; '-separated. */
  reason: string;
  /** The row's relation cells, so unresolved links can be reported with the other reasons. */
  links?: Record<string, string>;
}

export interface RowContext {
  meta: ObjectMetadata;
  mapping: Mapping;
  ctx: AccessContext;
  records: RecordService;
  users: UserDirectory;
  ownerId: string | null | undefined;
  /** The user's value mapping per field (options.values). */
  valueMaps?: Map<string, ValueMap>;
  /** Values for rows the file gives none (options.constants). */
  constants?: Record<string, unknown>;
  /** The phone region and currency cells are read in. */
  formats?: CellFormats;
  /** A phone cell that is no phone number rejects the row (else it is kept as written, with a warning). */
  strictPhones?: boolean;
}

/** The longest text a phone cell that is no number is kept as. */
const KEPT_PHONE_MAX = 100;

/** Stands in for a required relation's id while the row is validated; the real id is looked up per batch. */
const LINK_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

/**
 * Converts and validates one row with the same shared Zod record schema as every create (so a
 * row that imports is a row the API would have accepted). Every problem of the row is reported,
 * each naming its field: cells that cannot be converted, then what the schema refuses.
 */
export function prepareRow(rc: RowContext, index: number, cells: Cell[]): PreparedRow | RejectedRow {
  const input: Row = {};
  const links: Record<string, string> = {};
  const reasons: string[] = [];
  const warnings: string[] = [];
  const failed = new Set<string>();
  // Set after the record schema: history dates (not client fields) and phones kept as written.
  const after: Row = {};
  const parts = new Map<string, Record<string, string>>();
  for (const [name, column] of Object.entries(rc.mapping)) {
    if (isPart(name)) {
      const cell = cells[column];
      const text = cell === null || cell === undefined ? '' : String(cell).trim();
      const [field, part] = name.split('.');
      if (text) parts.set(field, { ...parts.get(field), [part]: text });
      continue;
    }
    const field = rc.meta.fields.find((f) => f.name === name)!;
    if (field.type === 'relation') {
      const cell = cells[column];
      const text = cell === null || cell === undefined ? '' : String(cell).trim();
      const mapped = text ? rc.valueMaps?.get(name)?.get(text) : undefined;
      if (mapped !== null && (mapped ?? text)) links[name] = mapped ?? text;
      continue;
    }
    try {
      const value = convertCell(field, cells[column], rc.users, rc.valueMaps?.get(name), rc.formats);
      // History dates are not client fields: they join the values after the record schema.
      if (HISTORY_FIELDS.has(name)) {
        if (value !== undefined) after[name] = value;
      } else if (value !== undefined) input[name] = value;
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      const { text } = error.problem;
      if (error.problem.key === 'not_phone' && !rc.strictPhones && text.length <= KEPT_PHONE_MAX) {
        after[name] = text;
        warnings.push(cellReason(rc.meta, name, { key: 'phone_kept', text }, rc.ctx.locale));
        continue;
      }
      reasons.push(cellReason(rc.meta, name, error.problem, rc.ctx.locale));
      failed.add(name);
    }
  }
  let part = '';
  try {
    applyParts(input, parts, (name) => (part = name));
  } catch (error) {
    if (!(error instanceof CellError)) throw error;
    reasons.push(cellReason(rc.meta, part, error.problem, rc.ctx.locale));
    failed.add(baseField(part));
  }
  for (const [name, value] of Object.entries(rc.constants ?? {})) {
    const field = rc.meta.fields.find((f) => f.name === name);
    if (field?.type === 'relation') {
      if (typeof value === 'string' && value) links[name] ??= value;
    } else if (input[name] === undefined && !failed.has(name)) input[name] = value;
  }
  // Like any create: the chosen owner, else the importing user.
  if (input.owner_id === undefined && !failed.has('owner_id') && rc.meta.fields.some((f) => f.name === 'owner_id')) input.owner_id = rc.ownerId !== undefined ? rc.ownerId : rc.ctx.userId;
  // A required relation is checked like any required field; its cell is looked up later.
  const requiredLinks = rc.meta.fields.filter((f) => f.type === 'relation' && f.required && !f.system && !f.archived);
  for (const f of requiredLinks) if (links[f.name]) input[f.name] = LINK_PLACEHOLDER;
  try {
    const values = rc.records.parseValues(rc.meta, input, 'create', rc.ctx);
    for (const f of requiredLinks) delete values[f.name];
    Object.assign(values, after);
    if (!reasons.length) return { index, cells, input, values, links, ...(warnings.length && { warnings }) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // A field whose cell failed is not also "required": one reason per problem.
    if (!error.details.length) reasons.push(error.message);
    const details = error.details.filter((d) => !failed.has(d.path));
    if (details.length) reasons.push(detailsReason(rc.meta, details, rc.ctx.locale));
  }
  return { index, cells, reason: reasons.join(rc.ctx.locale === 'en' ? '; ' : '；'), links };
}

/**
 * The row context of an import: its mapping, value mapping, constants and cell formats (phones
 * in the chosen region, else the company's; bare amounts in the chosen currency, else the company's).
 */
export function rowContext(base: Omit<RowContext, 'valueMaps' | 'constants' | 'ownerId' | 'formats' | 'strictPhones'>, options: ImportOptions, company: { currency: string; phoneRegion: string }): RowContext {
  const formats = { phoneRegion: options.phoneRegion ?? company.phoneRegion, currency: options.currency ?? company.currency };
  return { ...base, ownerId: options.ownerId, valueMaps: valueMapsOf(options.values), constants: options.constants, formats, strictPhones: options.strictPhones };
}

export function reasonOf(error: ApiError): string {
  return error.details.length ? error.details.map((d) => `${d.path}: ${d.message}`).join('; ') : error.message;
}

export const isRejected = (row: PreparedRow | RejectedRow): row is RejectedRow => 'reason' in row;

/**
 * Active users by external id (Salesforce 005…), lower-case e-mail and name, tried in that order. A
 * name two users share finds neither: the cell is ambiguous, not a guess.
 */
export async function loadUsers(db: Kysely<Database>): Promise<UserDirectory> {
  const users = await db.selectFrom('users').select(['id', 'email', 'name', 'external_id']).where('active', '=', true).execute();
  const dir: UserDirectory = { byKey: new Map(), how: new Map(), ambiguous: new Map() };
  const names = new Map<string, string[]>();
  for (const u of users) names.set(u.name.toLowerCase(), [...(names.get(u.name.toLowerCase()) ?? []), u.id]);
  const add = (key: string, id: string, how: 'external_id' | 'email' | 'name') => {
    if (dir.byKey.has(key)) return;
    dir.byKey.set(key, id);
    dir.how.set(key, how);
  };
  for (const u of users) if (u.external_id) add(u.external_id.toLowerCase(), u.id, 'external_id');
  for (const u of users) add(u.email.toLowerCase(), u.id, 'email');
  for (const [name, ids] of names) {
    if (ids.length === 1) add(name, ids[0], 'name');
    else if (!dir.byKey.has(name)) dir.ambiguous.set(name, ids.length);
  }
  return dir;
}
