import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';

export const TICKET_ASSIGN_RULE_KEY = 'ticket_assign_round_robin';

/**
 * Ships "a new ticket nobody owns → the next available agent of its group" once (by key), off;
 * the demo turns it on. An admin edits it in Settings › 自动化 like any rule.
 */
export async function ensureTicketAssignRule(db: Kysely<Database>, enable = false) {
  await db
    .insertInto('automation_rules')
    .values({
      builtin_key: TICKET_ASSIGN_RULE_KEY,
      name: '新工单轮流分配给客服组成员',
      description: '新建且没有处理人的工单，在其客服组内轮流分配给未标记离开的成员。',
      object: 'tickets',
      trigger: JSON.stringify({ kind: 'record_created' }),
      conditions: JSON.stringify({ and: [{ field: 'owner_id', op: 'empty' }, { field: 'support_group_id', op: 'not_empty' }] }),
      actions: JSON.stringify([{ type: 'assign_ticket', strategy: 'round_robin' }]),
      enabled: enable,
      scanned_until: null,
    })
    .onConflict((oc) => (enable ? oc.column('builtin_key').doUpdateSet({ enabled: true }) : oc.column('builtin_key').doNothing()))
    .execute();
}
