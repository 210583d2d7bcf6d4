import { z } from 'zod';
import { currencyValueSchema, regionValueSchema, type FieldDefinition } from './fields.js';

const DEFAULT_TEXT_MAX = 255;
const DEFAULT_LONG_TEXT_MAX = 20_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Digits with the punctuation national formats use: +86 138 0013 8000, 010-1234 5678, (415) 555-2671, 415.555.2671. */
export const PHONE_RE = /^\+?\(?[0-9][0-9 ()\-.]{2,22}[0-9](?:\s*(?:ext\.?|x|转)\s*\d{1,6})?$/i;

function isRealDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

function numberBounds<T extends z.ZodNumber>(schema: T, field: FieldDefinition): z.ZodNumber {
  let s: z.ZodNumber = schema;
  if (field.min !== undefined) s = s.min(field.min);
  if (field.max !== undefined) s = s.max(field.max);
  return s;
}

function optionValues(field: FieldDefinition): [string, ...string[]] {
  const values = (field.options ?? []).map((o) => o.value);
  return (values.length ? values : ['']) as [string, ...string[]];
}

/** Zod schema for one non-null field value. Shared by the server (authoritative) and the web forms. */
export function fieldValueSchema(field: FieldDefinition): z.ZodType {
  switch (field.type) {
    case 'text':
    case 'long_text': {
      const max = field.maxLength ?? (field.type === 'text' ? DEFAULT_TEXT_MAX : DEFAULT_LONG_TEXT_MAX);
      return z.string().trim().max(max, `at most ${max} characters`);
    }
    case 'integer':
      return numberBounds(z.number().int('must be a whole number'), field);
    case 'decimal':
    case 'percent':
      return numberBounds(z.number().finite(), field);
    case 'currency':
      return currencyValueSchema.extend({ amount: numberBounds(z.number().finite(), field) });
    case 'date':
      return z.string().refine(isRealDate, 'must be a date as YYYY-MM-DD');
    case 'datetime':
      return z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.enum(optionValues(field), { message: `must be one of: ${optionValues(field).join(', ')}` });
    case 'multi_select':
      return z
        .array(z.enum(optionValues(field), { message: `must be one of: ${optionValues(field).join(', ')}` }))
        .max(100);
    case 'email':
      return z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(field.maxLength ?? 254));
    case 'phone':
      return z.string().trim().regex(PHONE_RE, 'must be a phone number');
    case 'url':
      return z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(field.maxLength ?? 2000);
    case 'user':
    case 'relation':
      return z.uuid('must be a record id');
    case 'tags':
      return z.array(z.string().trim().min(1).max(50)).max(50);
    case 'region':
      return regionValueSchema;
  }
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export type RecordSchemaMode = 'create' | 'update';

/**
 * Schema for a create or update payload built from an object's writable fields.
 * Unknown keys are rejected so a typo is a clear 400 instead of silently ignored data.
 */
export function recordPayloadSchema(fields: FieldDefinition[], mode: RecordSchemaMode) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    if (field.system || field.archived) continue;
    const value = fieldValueSchema(field);
    const nullable = value.nullable();
    if (field.required) {
      const requiredMessage = 'is required';
      const guarded = z.unknown().superRefine((v, ctx) => {
        if (isBlank(v)) ctx.addIssue({ code: 'custom', message: requiredMessage });
      });
      const base = guarded.pipe(nullable);
      shape[field.name] =
        mode === 'create' && field.defaultValue === undefined ? base : base.optional();
    } else {
      shape[field.name] = nullable.optional();
    }
  }
  return z.object(shape).strict();
}
