import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from '../api/client';

/**
 * The shared Zod schemas speak English; the most common messages get a translation,
 * anything else is shown as the schema wrote it.
 */
const KNOWN: Array<[RegExp, string]> = [
  [/^is required$/, 'validation.required'],
  [/must be an email address/, 'validation.email'],
  [/must be a phone number/, 'validation.phone'],
  [/must be an http\(s\) URL/, 'validation.url'],
  [/must be a whole number/, 'validation.integer'],
  [/^at most (\d+) characters$/, 'validation.maxLength'],
  [/expected number to be >=\s*(-?[\d.]+)/, 'validation.min'],
  [/expected number to be <=\s*(-?[\d.]+)/, 'validation.max'],
  [/must be one of/, 'validation.option'],
  [/must be a record id|no such/, 'validation.reference'],
  [/already exists|unique/, 'validation.unique'],
];

export function translateIssue(message: string, t: TFunction): string {
  for (const [re, key] of KNOWN) {
    const m = re.exec(message);
    if (m) return t(key, { n: m[1] });
  }
  return message;
}

/** Zod issues → antd form field errors (first path segment is the field name). */
export function zodIssuesToFields(error: z.ZodError, t: TFunction) {
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '');
    if (!name) continue;
    byField.set(name, [...(byField.get(name) ?? []), translateIssue(issue.message, t)]);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}

/**
 * Shows an API error: details go onto the matching form fields, the message into a toast.
 * Returns true when at least one detail matched a field.
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  message: { error: (text: string) => unknown },
  t: TFunction,
): boolean {
  if (!(error instanceof ApiError)) {
    message.error(String((error as Error)?.message ?? error));
    return false;
  }
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const fields = error.details
    .map((d) => ({ name: d.path.split('.')[0], errors: [translateIssue(d.message, t)] }))
    .filter((f) => f.name && (known.has(f.name) || form.getFieldInstance?.(f.name)));
  if (fields.length) form.setFields(fields);
  message.error(fields.length ? t('error.checkFields') : translateIssue(error.message, t));
  return fields.length > 0;
}
