import type { Field, ObjectMeta } from '../../api/meta';
import { displayText, type TextContext } from '../fields/displayText';
import { isBlank } from '../fields/types';

export type Changes = Record<string, { from: unknown; to: unknown }>;

export interface ChangeRow {
  field: Field;
  from: unknown;
  to: unknown;
}

/** Soft-delete bookkeeping is shown by the action itself, not as a field change. */
const HIDDEN = new Set(['deleted_at', 'deleted_by']);

/**
 * The field changes of one audit entry worth showing, in the object's field order: updates show
 * every changed field, creates the fields that got a value; archived or purged fields are skipped, as everywhere else.
 */
export function changeRows(meta: ObjectMeta, action: string | undefined, changes: Changes | null | undefined): ChangeRow[] {
  const rows: ChangeRow[] = [];
  for (const [name, change] of Object.entries(changes ?? {})) {
    const field = meta.fields.find((f) => f.name === name);
    if (!field || field.archived || HIDDEN.has(name) || !change) continue;
    if (action === 'create' && isBlank(change.to)) continue;
    if (action !== 'create' && action !== 'update') continue;
    rows.push({ field, from: change.from, to: change.to });
  }
  return rows.sort((a, b) => a.field.position - b.field.position);
}

/** "客户状态: 潜在客户 → 成交客户" (update) or "客户状态: 潜在客户" (create). */
export function changeText(row: ChangeRow, action: string | undefined, ctx: TextContext): string {
  const name = ctx.label(row.field.label);
  const to = displayText(row.field, row.to, ctx);
  return action === 'create' ? `${name}: ${to}` : `${name}: ${displayText(row.field, row.from, ctx)} → ${to}`;
}
