import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

/**
 * Puts the API's per-field details (e.g. `robot.webhookUrl`, `host`) on the form's fields, the
 * prefix stripped. Returns true when one matched, so the caller can skip a generic toast.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, prefix = ''): boolean {
  if (!(error instanceof ApiError)) return false;
  const fields = error.details
    .filter((d) => d.path.startsWith(prefix))
    .map((d) => ({ name: d.path.slice(prefix.length).split('.')[0], errors: [d.message] }))
    .filter((f) => f.name && form.getFieldInstance?.(f.name) !== undefined);
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
