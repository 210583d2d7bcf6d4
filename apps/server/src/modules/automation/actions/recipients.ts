import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import type { ActionContext } from '../registry.js';

/** Who a notification or e-mail goes to: the record's owner, the owner's manager (their team's lead), or given users. */
export const recipientsSchema = z.union([z.enum(['owner', 'owner_manager']), z.object({ userIds: z.array(z.uuid()).min(1).max(50) }).strict()]);
export type Recipients = z.infer<typeof recipientsSchema>;

async function managerOf(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('users')
    .innerJoin('teams', 'teams.id', 'users.team_id')
    .select('teams.lead_user_id')
    .where('users.id', '=', userId)
    .executeTakeFirst();
  return row?.lead_user_id ?? null;
}

/** The active users to reach; empty when the record has no owner or the owner's team has no lead. */
export async function resolveRecipients(ctx: ActionContext<{ recipients: Recipients }>): Promise<string[]> {
  const { recipients } = ctx.config;
  const owner = (ctx.record?.owner_id as string | null | undefined) ?? null;
  const ids = recipients === 'owner' ? [owner] : recipients === 'owner_manager' ? [owner && (await managerOf(ctx.trx, owner))] : recipients.userIds;
  const wanted = ids.filter((id): id is string => !!id);
  if (!wanted.length) return [];
  const active = await ctx.trx.selectFrom('users').select('id').where('id', 'in', wanted).where('active', '=', true).execute();
  return active.map((u) => u.id);
}

/** Template variables for e-mails: the record, with `name` set to its title (a task's title, a deal's name…), and its link. */
export function recordVars(ctx: ActionContext): { record: Record<string, unknown>; link?: string } {
  if (!ctx.object || !ctx.record) return { record: {} };
  const titleField = ctx.engine.metadata.get(ctx.object).titleField;
  return { record: { ...ctx.record, name: ctx.record[titleField] ?? ctx.record.name }, link: recordLink(ctx) };
}

/** The app link of the record the rule ran on, if any. */
export function recordLink(ctx: ActionContext): string | undefined {
  return ctx.object && ctx.record ? `/o/${ctx.object}/${ctx.record.id as string}` : undefined;
}
