import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

export interface SlaPolicy {
  id: string;
  name: string;
  priorities: string[];
  customer_statuses: string[];
  categories: string[];
  first_response_minutes: number;
  resolution_minutes: number;
}

/** The first active policy (by position) whose priority, customer tier and category lists match (an empty list matches all). */
export async function matchPolicy(db: Kysely<Database>, ticket: { priority?: unknown; category?: unknown; customerStatus?: string | null }): Promise<SlaPolicy | null> {
  const policies = await db.selectFrom('sla_policies').selectAll().where('active', '=', true).orderBy('position').orderBy('created_at').execute();
  const fits = (list: string[], value: unknown) => !list.length || (typeof value === 'string' && list.includes(value));
  return policies.find((p) => fits(p.priorities, ticket.priority) && fits(p.customer_statuses, ticket.customerStatus) && fits(p.categories, ticket.category)) ?? null;
}
