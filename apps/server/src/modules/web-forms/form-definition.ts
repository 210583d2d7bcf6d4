import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { badRequest } from '../../http/errors.js';
import { LEAD_CAPTURE_FIELDS } from './lead-fields.js';

/** Lead field types a visitor can fill in a plain HTML form. */
const FORM_TYPES = new Set<FieldDefinition['type']>(['text', 'long_text', 'email', 'phone', 'url', 'select', 'multi_select', 'integer', 'decimal', 'date', 'boolean', 'region']);
/** Set by the form itself (source, UTM, pages), never asked of the visitor. */
const CAPTURED = new Set([...LEAD_CAPTURE_FIELDS.map((f) => f.name), 'source', 'status']);

export interface FormField {
  field: string;
  labelZh: string;
  labelEn: string;
  required: boolean;
}

export interface WebForm {
  id: string;
  token: string;
  name: string;
  source: string;
  fields: FormField[];
  title_zh: string | null;
  title_en: string | null;
  thank_you_zh: string | null;
  thank_you_en: string | null;
  redirect_url: string | null;
  /** The campaign its leads join as members (and so are attributed to). */
  campaign_id: string | null;
  active: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The module's tables, typed here so the shared db/types.ts stays as it is. */
export interface WebFormTables {
  web_forms: Omit<WebForm, 'id' | 'created_at' | 'updated_at' | 'fields'> & { id?: string; created_at?: Date; updated_at?: Date; fields: string | FormField[] };
  web_form_submissions: { id?: string; form_id: string; outcome: string; object: string | null; record_id: string | null; ip: string | null; at?: Date };
}
export type FormsDb = Kysely<Database & WebFormTables>;
export const formsDb = (db: Kysely<Database>) => db as unknown as FormsDb;

/** Lead fields an admin may put on a form: visitor-fillable types, not system, relation or captured fields. */
export function formableFields(meta: ObjectMetadata): FieldDefinition[] {
  return meta.fields.filter((f) => !f.system && !f.archived && FORM_TYPES.has(f.type) && !CAPTURED.has(f.name));
}

const formFieldInput = z
  .object({
    field: z.string().min(1).max(100),
    labelZh: z.string().trim().max(100).optional(),
    labelEn: z.string().trim().max(100).optional(),
    required: z.boolean().default(false),
  })
  .strict();

export const webFormInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    source: z.string().min(1).max(50).default('website'),
    fields: z.array(formFieldInput).min(1).max(50),
    titleZh: z.string().trim().max(200).nullish(),
    titleEn: z.string().trim().max(200).nullish(),
    thankYouZh: z.string().trim().max(2000).nullish(),
    thankYouEn: z.string().trim().max(2000).nullish(),
    // Stored as the browser will read it (control characters and spaces encoded or dropped).
    redirectUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2000)
      .nullish()
      .transform((u) => (u ? new URL(u).href : u)),
    campaignId: z.uuid().nullish(),
    active: z.boolean().default(true),
  })
  .strict();
export type WebFormInput = z.infer<typeof webFormInput>;

/** Checks the chosen fields against lead metadata (names the bad path) and fills missing labels. */
export function checkFormFields(meta: ObjectMetadata, input: WebFormInput): FormField[] {
  const allowed = new Map(formableFields(meta).map((f) => [f.name, f]));
  const source = meta.fields.find((f) => f.name === 'source');
  if (source?.options && !source.options.some((o) => o.value === input.source)) {
    throw badRequest(`source must be one of: ${source.options.map((o) => o.value).join(', ')}`, [{ path: 'source', message: 'unknown source' }]);
  }
  const seen = new Set<string>();
  return input.fields.map((f, i) => {
    const def = allowed.get(f.field);
    if (!def) throw badRequest(`fields.${i}.field: '${f.field}' cannot be on a web form`, [{ path: `fields.${i}.field`, message: `unknown or not fillable lead field '${f.field}'` }]);
    if (seen.has(f.field)) throw badRequest(`fields.${i}.field: '${f.field}' is on the form twice`, [{ path: `fields.${i}.field`, message: 'listed twice' }]);
    seen.add(f.field);
    // A field the lead requires is required on every form that creates leads.
    return { field: f.field, labelZh: f.labelZh || def.label.zh, labelEn: f.labelEn || def.label.en, required: f.required || def.required };
  });
}

export function checkHasName(fields: FormField[]) {
  if (!fields.some((f) => f.field === 'name')) throw badRequest('a lead form must ask for the name', [{ path: 'fields', message: "must include 'name'" }]);
}

export const newToken = () => randomBytes(18).toString('base64url');

/** What an admin designs on a form (camelCase), as the API and the audit log show it. */
export function formSettings(form: WebForm) {
  return {
    name: form.name,
    source: form.source,
    fields: form.fields,
    titleZh: form.title_zh,
    titleEn: form.title_en,
    thankYouZh: form.thank_you_zh,
    thankYouEn: form.thank_you_en,
    redirectUrl: form.redirect_url,
    campaignId: form.campaign_id,
    active: form.active,
  };
}

/** The API shape of a form, with its hosted page and embed snippet. */
export function formView(form: WebForm, baseUrl: string) {
  const pageUrl = `${baseUrl}/f/${form.token}`;
  return {
    id: form.id,
    token: form.token,
    ...formSettings(form),
    createdAt: form.created_at,
    updatedAt: form.updated_at,
    pageUrl,
    submitUrl: `${baseUrl}/api/v1/public/forms/${form.token}/submissions`,
    embedSnippet: `<div data-crm-form="${form.token}"></div>\n<script src="${pageUrl}/embed.js" async></script>`,
  };
}
