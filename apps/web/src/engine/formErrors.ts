import { matchIssue } from '@crm/schema';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { ApiError } from '../api/client';

/**
 * The shared Zod schemas speak English; the most common messages (matched in @crm/schema) get a
 * translation, anything else is shown as the schema wrote it.
 */
export function translateIssue(message: string, t: TFunction): string {
  const issue = matchIssue(message);
  return issue ? t(`validation.${issue.key}`, { n: issue.n }) : message;
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
 * The form field a detail's path names: the first segment (amount.amount is the amount field),
 * or, inside a list the form edits (rates.0.rate), the list item's own field.
 */
function fieldName(path: string, values: Record<string, unknown>): string | (string | number)[] {
  const [top, index, ...rest] = path.split('.');
  return Array.isArray(values[top]) && /^\d+$/.test(index ?? '') && rest.length ? [top, Number(index), ...rest] : top;
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
  const values: Record<string, unknown> = form.getFieldsValue(true) ?? {};
  const fields = error.details
    .map((d) => ({ name: fieldName(d.path, values), errors: [translateIssue(d.message, t)] }))
    .filter((f) => {
      const top = Array.isArray(f.name) ? f.name[0] : f.name;
      return top && (top in values || form.getFieldInstance?.(top));
    });
  if (fields.length) form.setFields(fields);
  message.error(fields.length ? t('error.checkFields') : translateIssue(error.message, t));
  return fields.length > 0;
}
