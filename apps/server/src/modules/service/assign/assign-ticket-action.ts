import { sql } from 'kysely';
import { z } from 'zod';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import type { ActionContext, AutomationService } from '../../automation/index.js';
import { ASSIGN_STRATEGIES, pickAgent } from './pick-agent.js';

const schema = z
  .object({
    strategy: z.enum(ASSIGN_STRATEGIES),
    /** The support group to assign within; absent: the ticket's own group. */
    groupId: z.uuid().optional(),
  })
  .strict();
type Config = z.infer<typeof schema>;

async function choose(ctx: ActionContext<Config>, advance: boolean) {
  const record = ctx.record!;
  const groupId = ctx.config.groupId ?? (record.support_group_id as string | null);
  if (!groupId) return { groupId: null, agent: null, how: 'the ticket has no support group' };
  const { rows } = await sql<{ name: string }>`SELECT name FROM support_groups WHERE id = ${groupId} AND deleted_at IS NULL`.execute(ctx.trx);
  const group = rows[0];
  if (!group) return { groupId: null, agent: null, how: `support group ${groupId} is gone` };
  const agent = await pickAgent(ctx.trx, groupId, ctx.config.strategy, (record.category as string | null) ?? null, advance);
  return { groupId, agent, how: agent ? `${ctx.config.strategy} in ${group.name}` : `nobody available in ${group.name}` };
}

/** Assign ticket: to an available agent of a support group by round-robin, fewest open tickets or category skill. */
export function registerAssignTicket(automation: AutomationService) {
  automation.registerAction<Config>('assign_ticket', {
    schema,
    needsRecord: true,
    check: (_config, { meta }) => (meta && meta.name !== 'tickets' ? [{ path: 'type', message: 'assign_ticket works on tickets only' }] : []),
    async describe(ctx) {
      const { agent, how } = await choose(ctx, false);
      return agent ? `assign to ${agent.name} (${how})` : `assign nobody: ${how}`;
    },
    async run(ctx) {
      const { groupId, agent, how } = await choose(ctx, true);
      if (!agent || !groupId) return { assigned: null, note: how };
      const record = ctx.record!;
      const changes: Record<string, unknown> = {};
      if (record.owner_id !== agent.id) changes.owner_id = agent.id;
      if (record.support_group_id !== groupId) changes.support_group_id = groupId;
      if (Object.keys(changes).length) await ctx.engine.records.update('tickets', record.id as string, changes, SYSTEM_CONTEXT, { trx: ctx.trx, cause: ctx.cause });
      return { assigned: agent.id, name: agent.name, how };
    },
  });
}
