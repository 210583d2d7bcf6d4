import type { ObjectMetadata } from '@crm/schema';
import { z } from 'zod';
import { ApiError, badRequest } from '../../http/errors.js';
import type { AccessContext } from '../permissions/access.js';

/** Payloads (by identity) that set historical system dates, and which: hooks and the audit read it. */
const marked = new WeakMap<object, string[]>();

const pastInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/**
 * System dates a field definition marks `historical` (a deal's closed_at) are not client fields,
 * but an administrator back-filling history may send them: a valid past instant, set as sent and
 * audited as historical. Anyone else gets a 403 naming the field. Takes them out of `input` (the
 * record schema refuses system fields) and returns them.
 */
export function takeHistoricalDates(meta: ObjectMetadata, input: Record<string, unknown>, ctx: AccessContext, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of meta.fields) {
    if (!field.historical || field.archived || !(field.name in input)) continue;
    const at = [path, field.name].filter(Boolean).join('.');
    const value = input[field.name];
    delete input[field.name];
    if (!ctx.permissions.admin) throw new ApiError('forbidden', `only administrators may set ${field.name}`, [{ path: at, message: 'historical system dates are for administrators' }]);
    if (value === null || value === undefined) continue;
    const parsed = pastInstant.safeParse(value);
    if (!parsed.success) throw badRequest(`invalid ${at}: must be an ISO 8601 date-time`, [{ path: at, message: 'must be an ISO 8601 date-time' }]);
    const time = new Date(parsed.data);
    if (time.getTime() > Date.now()) throw badRequest(`invalid ${at}: must not be in the future`, [{ path: at, message: 'must not be in the future' }]);
    out[field.name] = time.toISOString();
  }
  return out;
}

/** Adds the historical dates to parsed values and remembers them. */
export function withHistoricalDates(values: Record<string, unknown>, dates: Record<string, unknown>) {
  if (!Object.keys(dates).length) return values;
  Object.assign(values, dates);
  marked.set(values, Object.keys(dates));
  return values;
}

/** The historical dates a write's payload set (empty for ordinary writes and imports). */
export const historicalDatesOf = (values: object): string[] => marked.get(values) ?? [];
