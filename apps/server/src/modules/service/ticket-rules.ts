import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import type { RecordValues } from '../../engine/hooks/hooks.js';
import { registerScopeReach, teamIds } from '../../engine/permissions/access.js';

/** T-000123: the next value of a PostgreSQL sequence, so numbers are unique across instances and never reused. */
export async function nextTicketNumber(trx: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ n: string }>`SELECT nextval('ticket_number_seq')::text AS n`.execute(trx);
  return `T-${rows[0].n.padStart(6, '0')}`;
}

/** A ticket number in a mail subject: "[T-000123]". */
export const TICKET_NUMBER_IN_SUBJECT = /\[(T-\d{6,})\]/;

/** System fields (first response, merge link) a module use case sets on a ticket update in this transaction. */
const pendingSystemValues = new WeakMap<object, RecordValues>();
export function setTicketSystemValues(trx: Kysely<Database>, values: RecordValues) {
  pendingSystemValues.set(trx, { ...pendingSystemValues.get(trx), ...values });
}

const OPEN_STATUSES = ['new', 'open', 'pending_customer'];

export function registerTicketRules(engine: Engine) {
  engine.hooks.on('tickets', 'beforeCreate', async ({ trx, values }) => {
    values.number = await nextTicketNumber(trx);
    if (values.status === 'solved' || values.status === 'closed') values.solved_at = new Date().toISOString();
    Object.assign(values, pendingSystemValues.get(trx));
    pendingSystemValues.delete(trx);
  });
  engine.hooks.on('tickets', 'beforeUpdate', ({ trx, values, previous }) => {
    Object.assign(values, pendingSystemValues.get(trx));
    pendingSystemValues.delete(trx);
    const status = values.status as string | undefined;
    if (!previous || !status || status === previous.status) return;
    if ((status === 'solved' || status === 'closed') && !previous.solved_at) values.solved_at = new Date().toISOString();
    if (OPEN_STATUSES.includes(status)) values.solved_at = null;
  });

  // A sales rep reads the tickets of the customers they (or, with a team scope, their team) own.
  registerScopeReach('tickets', 'service:customer-owner', ['read'], (ctx, scope, alias) => {
    const owner = scope === 'team' ? sql`= ANY(${teamIds(ctx)}::uuid[])` : sql`= ${ctx.userId}`;
    return sql`EXISTS (SELECT 1 FROM customers c WHERE c.id = ${sql.ref(`${alias}.customer_id`)} AND c.deleted_at IS NULL AND c.owner_id ${owner})`;
  });
  // An agent reads and works the tickets of their support groups, assigned or not.
  registerScopeReach('tickets', 'service:group-member', ['read', 'update'], (ctx, _scope, alias) =>
    sql`EXISTS (SELECT 1 FROM support_group_members m WHERE m.group_id = ${sql.ref(`${alias}.support_group_id`)} AND m.user_id = ${ctx.userId})`,
  );
}
