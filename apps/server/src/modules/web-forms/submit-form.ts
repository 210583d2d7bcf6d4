import type { ErrorDetail, FieldDefinition, ObjectMetadata } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { SYSTEM_CONTEXT, type Engine } from '../../engine/index.js';
import { emitEvent } from '../../engine/jobs/emit-event.js';
import { readCompanyDefaults } from '../../engine/money/company-currency.js';
import { toPhone } from '../../engine/phones/read-phone.js';
import { ApiError, badRequest } from '../../http/errors.js';
import { normaliseEmail, normalisePhone } from '../duplicates/normalise.js';
import { formsDb, type WebForm } from './form-definition.js';
import { UTM_KEYS } from './lead-fields.js';

/** A hidden input people never see; bots that fill every field fill it too. */
export const HONEYPOT = 'hp_website';
/** Keys a submission may carry besides the form's fields. */
const META_KEYS = new Set<string>([...UTM_KEYS, 'page_url', 'referrer', 'lang', 'visitor_id', HONEYPOT]);
/** The website-tracking visitor id the embed sends from a tracked page (a UUID; anything else is ignored). */
const visitorIdOf = (v: unknown) => {
  const s = firstString(v);
  return typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s) ? s.toLowerCase() : null;
};

export type Outcome = 'created' | 'linked' | 'spam';
export interface SubmissionResult {
  outcome: Outcome;
  object: 'leads' | 'contacts' | null;
  recordId: string | null;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length);
const firstString = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/**
 * Form-encoded posts send strings; turn them into the API's types (JSON posts pass through). Phones
 * are read like imported ones, in the company's phone region; one that is no number there is left
 * as typed for the record schema to judge.
 */
function coerce(field: FieldDefinition, raw: unknown, phoneRegion: string): unknown {
  if (field.type === 'multi_select') return Array.isArray(raw) ? raw : [raw];
  const value = firstString(raw);
  if (typeof value !== 'string') return value;
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      return ['true', 'on', '1', 'yes'].includes(value.toLowerCase()) ? true : ['false', 'off', '0', 'no'].includes(value.toLowerCase()) ? false : value;
    case 'region':
      return { province: value.trim() };
    case 'phone':
      return toPhone(value.trim(), phoneRegion) ?? value;
    default:
      return value;
  }
}

/** A page or referrer URL worth keeping; anything else is dropped (the visitor is not at fault). */
function pageUrl(v: unknown): string | null {
  const s = firstString(v);
  if (typeof s !== 'string' || s.length > 2000) return null;
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol) ? s : null;
  } catch {
    return null;
  }
}

const text = (v: unknown, max = 200) => {
  const s = firstString(v);
  return typeof s === 'string' && s.trim() ? s.trim().slice(0, max) : null;
};

/** Validates a submission against the form: every problem named by its field, nothing written on error. */
export function readSubmission(meta: ObjectMetadata, form: WebForm, body: Record<string, unknown>, engine: Engine, phoneRegion: string) {
  const onForm = new Set(form.fields.map((f) => f.field));
  const unknown = Object.keys(body).filter((k) => !onForm.has(k) && !META_KEYS.has(k));
  if (unknown.length) throw badRequest(`unknown field(s): ${unknown.join(', ')}`, unknown.map((k) => ({ path: k, message: 'not on this form' })));
  const values: Record<string, unknown> = {};
  const missing: ErrorDetail[] = [];
  for (const f of form.fields) {
    const def = meta.fields.find((d) => d.name === f.field && !d.archived);
    if (!def) continue; // a field archived since the form was made
    const raw = body[f.field];
    if (blank(raw)) {
      if (f.required) missing.push({ path: f.field, message: `${f.labelZh} / ${f.labelEn} is required` });
      continue;
    }
    values[f.field] = coerce(def, raw, phoneRegion);
  }
  if (missing.length) throw badRequest(`missing required field(s): ${missing.map((m) => m.path).join(', ')}`, missing);
  const checked = engine.records.parseValues(meta, values, 'create', SYSTEM_CONTEXT);
  // parseValues fills defaults; keep only what the visitor gave, defaults apply again on create.
  for (const key of Object.keys(checked)) if (!(key in values)) delete checked[key];
  const origin = {
    ...Object.fromEntries(UTM_KEYS.map((k) => [k, text(body[k])])),
    landing_page: pageUrl(body.page_url),
    referrer: pageUrl(body.referrer),
  };
  return { values: checked, origin };
}

/** An existing lead or contact with the same e-mail or phone (normalised, via the duplicate keys). */
async function findExisting(db: Kysely<Database>, values: Record<string, unknown>) {
  const keys = [normaliseEmail(values.email), normalisePhone(values.mobile), normalisePhone(values.phone)].filter((k): k is string => !!k);
  if (!keys.length) return null;
  const { rows } = await sql<{ object: 'leads' | 'contacts'; record_id: string }>`
    SELECT k.object, k.record_id FROM duplicate_keys k
    WHERE k.object IN ('leads', 'contacts') AND k.rule IN ('email', 'phone') AND k.kind = 'x' AND k.value = ANY(${sql.val(keys)}::text[])
    ORDER BY (k.object = 'leads') DESC, k.record_id LIMIT 1`.execute(db);
  if (!rows[0]) return null;
  const { object, record_id: id } = rows[0];
  const extra = object === 'contacts' ? sql`, customer_id` : sql`, NULL::uuid AS customer_id`;
  const { rows: found } = await sql<{ id: string; owner_id: string | null; customer_id: string | null }>`
    SELECT id, owner_id ${extra} FROM ${sql.table(object)} WHERE id = ${id} AND deleted_at IS NULL`.execute(db);
  return found[0] ? { object, ...found[0] } : null;
}

/** What the visitor sent, as the follow-up's content. */
function describe(meta: ObjectMetadata, form: WebForm, values: Record<string, unknown>, origin: Record<string, string | null>) {
  const lines = form.fields.filter((f) => values[f.field] !== undefined).map((f) => `${f.labelZh}: ${formatValue(meta.fields.find((d) => d.name === f.field), values[f.field])}`);
  for (const [k, v] of Object.entries(origin)) if (v) lines.push(`${k}: ${v}`);
  return lines.join('\n');
}

function formatValue(def: FieldDefinition | undefined, v: unknown): string {
  if (def?.type === 'select') return def.options?.find((o) => o.value === v)?.label.zh ?? String(v);
  if (Array.isArray(v)) return v.join(', ');
  if (v && typeof v === 'object') return Object.values(v).join(' ');
  return String(v);
}

/**
 * One submission, in one transaction: a new lead through the engine (so hooks, audit, events and the
 * assignment rule run), or a follow-up on the lead or contact that already has this e-mail or phone.
 */
export async function submitForm(db: Kysely<Database>, engine: Engine, form: WebForm, body: Record<string, unknown>, ip: string): Promise<SubmissionResult> {
  const log = (trx: Kysely<Database>, r: SubmissionResult) =>
    formsDb(trx).insertInto('web_form_submissions').values({ form_id: form.id, outcome: r.outcome, object: r.object, record_id: r.recordId, ip }).execute();
  // Before validation: a bot gets the same answer as a person whatever else it filled in.
  if (!blank(body[HONEYPOT])) {
    const result: SubmissionResult = { outcome: 'spam', object: null, recordId: null };
    await log(db, result);
    return result;
  }
  const meta = await engine.records.object('leads');
  const { values, origin } = readSubmission(meta, form, body, engine, (await readCompanyDefaults(db)).phoneRegion);
  return db.transaction().execute(async (trx) => {
    const existing = await findExisting(trx, values);
    let result: SubmissionResult;
    if (existing) {
      await engine.records.create(
        'activities',
        {
          type: 'note',
          subject: `网站表单再次提交：${form.name}`.slice(0, 200),
          content: describe(meta, form, values, origin),
          [existing.object === 'leads' ? 'lead_id' : 'contact_id']: existing.id,
          ...(existing.customer_id ? { customer_id: existing.customer_id } : {}),
          owner_id: existing.owner_id,
        },
        SYSTEM_CONTEXT,
        { trx, cause: { webForm: form.id } },
      );
      result = { outcome: 'linked', object: existing.object, recordId: existing.id };
    } else {
      const lead = await engine.records.create('leads', { ...values, ...origin, source: form.source, web_form: form.name.slice(0, 200), owner_id: null }, SYSTEM_CONTEXT, { trx, cause: { webForm: form.id } });
      result = { outcome: 'created', object: 'leads', recordId: lead.id as string };
    }
    await joinCampaign(trx, engine, form, result);
    await log(trx, result);
    // For rules with the inbound-event trigger "web_form.submitted" (delivered after this commits).
    await emitEvent(trx, FORM_SUBMITTED, { object: result.object, recordId: result.recordId, data: { formId: form.id, formName: form.name, outcome: result.outcome, source: form.source, ...origin, visitorId: visitorIdOf(body.visitor_id) } });
    return result;
  });
}

/**
 * The form's campaign gains the lead it created (or the lead or contact it found) as a responded
 * member, in the submission's transaction: membership is what attributes a lead to a campaign
 * (report, first/last touch). A campaign deleted since the form was set is skipped.
 */
async function joinCampaign(trx: Kysely<Database>, engine: Engine, form: WebForm, result: SubmissionResult) {
  if (!form.campaign_id || !result.recordId) return;
  const link = result.object === 'contacts' ? 'contact_id' : 'lead_id';
  const { rows } = await sql<{ member: boolean }>`
    SELECT EXISTS (SELECT 1 FROM campaign_members m WHERE m.campaign_id = c.id AND ${sql.ref(`m.${link}`)} = ${result.recordId} AND m.deleted_at IS NULL) AS member
    FROM campaigns c WHERE c.id = ${form.campaign_id} AND c.deleted_at IS NULL`.execute(trx);
  if (!rows[0] || rows[0].member) return;
  await engine.records.create('campaign_members', { campaign_id: form.campaign_id, [link]: result.recordId, status: 'responded' }, SYSTEM_CONTEXT, { trx, cause: { webForm: form.id } });
}

/** The event a stored (non-spam) submission emits; `data.outcome` is created (a new lead) or linked (a follow-up on the lead or contact that had this e-mail or phone). */
export const FORM_SUBMITTED = 'web_form.submitted';

export function inactive(form: WebForm | undefined): form is undefined {
  return !form || !form.active;
}

export const formNotFound = () => new ApiError('not_found', 'this form does not exist or no longer accepts submissions');
