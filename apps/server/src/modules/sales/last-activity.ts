import { sql } from 'kysely';
import type { RecordHooks } from '../../engine/hooks/hooks.js';

/**
 * Keeps customers.last_activity_at current when a follow-up is logged: the list can sort by it,
 * and the public pool (公海) will use it to find neglected customers.
 */
export function registerLastActivity(hooks: RecordHooks) {
  hooks.on('activities', 'afterCreate', async ({ trx, record }) => {
    const customerId = record?.customer_id;
    if (!customerId) return;
    const at = (record.occurred_at as string | null) ?? (record.created_at as string);
    await sql`UPDATE customers SET last_activity_at = GREATEST(coalesce(last_activity_at, ${at}::timestamptz), ${at}::timestamptz) WHERE id = ${customerId}`.execute(trx);
  });
}

/** A follow-up logged without a time happened now. */
export function registerActivityDefaults(hooks: RecordHooks) {
  hooks.on('activities', 'beforeCreate', ({ values }) => {
    if (!values.occurred_at) values.occurred_at = new Date().toISOString();
  });
}
