import { sql } from 'kysely';
import type { RecordHooks } from '../../engine/hooks/hooks.js';

/** The records a follow-up can be attached to, by the activity's relation field. */
const FOLLOWED_UP = { customer_id: 'customers', contact_id: 'contacts', lead_id: 'leads', deal_id: 'deals' } as const;

/**
 * Keeps last_activity_at of the customer, contact, lead and deal current when a follow-up is logged:
 * lists sort by it, and "no follow-up for N days" rules (stale deals, the public pool 公海) read it.
 */
export function registerLastActivity(hooks: RecordHooks) {
  hooks.on('activities', 'afterCreate', async ({ trx, record }) => {
    if (!record) return;
    const at = (record.occurred_at as string | null) ?? (record.created_at as string);
    for (const [field, table] of Object.entries(FOLLOWED_UP)) {
      const id = record[field];
      if (!id) continue;
      await sql`UPDATE ${sql.table(table)} SET last_activity_at = GREATEST(coalesce(last_activity_at, ${at}::timestamptz), ${at}::timestamptz) WHERE id = ${id}`.execute(trx);
    }
  });
}

/** A follow-up logged without a time happened now. */
export function registerActivityDefaults(hooks: RecordHooks) {
  hooks.on('activities', 'beforeCreate', ({ values }) => {
    if (!values.occurred_at) values.occurred_at = new Date().toISOString();
  });
}
