import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import type { ActionContext, AutomationRegistry } from '../registry.js';
import { findTerritoryTeam } from '../territories/find-territory.js';

const schema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('user'), userId: z.uuid() }).strict(),
  z.object({ mode: z.literal('round_robin'), teamId: z.uuid() }).strict(),
  z.object({ mode: z.literal('least_loaded'), teamId: z.uuid() }).strict(),
  z.object({ mode: z.literal('territory') }).strict(),
]);
type Config = z.infer<typeof schema>;

interface Member {
  id: string;
  name: string;
}

async function members(db: Kysely<Database>, teamId: string): Promise<Member[]> {
  return db.selectFrom('users').select(['id', 'name']).where('team_id', '=', teamId).where('active', '=', true).orderBy('id').execute();
}

/** The member after the team's last pick (ids in order, wrapping); with `advance`, the pick is stored under a row lock. */
async function nextInRotation(db: Kysely<Database>, teamId: string, advance: boolean): Promise<Member | null> {
  const list = await members(db, teamId);
  if (!list.length) return null;
  if (advance) await sql`INSERT INTO automation_assign_cursors (team_id) VALUES (${teamId}) ON CONFLICT DO NOTHING`.execute(db);
  const { rows } = await sql<{ last_user_id: string | null }>`SELECT last_user_id FROM automation_assign_cursors WHERE team_id = ${teamId} ${advance ? sql`FOR UPDATE` : sql``}`.execute(db);
  const last = rows[0]?.last_user_id;
  const pick = list.find((m) => last && m.id > last) ?? list[0];
  if (advance) await sql`UPDATE automation_assign_cursors SET last_user_id = ${pick.id} WHERE team_id = ${teamId}`.execute(db);
  return pick;
}

/** The member owning the fewest live records of the object (ties: the first by id). */
async function leastLoaded(db: Kysely<Database>, object: string, teamId: string): Promise<Member | null> {
  const list = await members(db, teamId);
  if (!list.length) return null;
  const { rows } = await sql<{ owner_id: string; n: string }>`
    SELECT owner_id, count(*) AS n FROM ${sql.table(object)}
    WHERE owner_id = ANY(${sql.val(list.map((m) => m.id))}::uuid[]) AND deleted_at IS NULL GROUP BY owner_id`.execute(db);
  const load = new Map(rows.map((r) => [r.owner_id, Number(r.n)]));
  return list.reduce((best, m) => ((load.get(m.id) ?? 0) < (load.get(best.id) ?? 0) ? m : best));
}

async function teamName(db: Kysely<Database>, id: string) {
  return (await db.selectFrom('teams').select('name').where('id', '=', id).executeTakeFirst())?.name ?? id;
}

/** Whom the action picks, and why; `advance` moves the round-robin cursor (never in a dry run). */
async function choose(ctx: ActionContext<Config>, advance: boolean): Promise<{ user: Member | null; how: string; reason: string }> {
  const { config, trx: db } = ctx;
  switch (config.mode) {
    case 'user': {
      const user = await db.selectFrom('users').select(['id', 'name']).where('id', '=', config.userId).where('active', '=', true).executeTakeFirst();
      return { user: user ?? null, how: 'given user', reason: `指定负责人: ${user?.name ?? ''}` };
    }
    case 'round_robin': {
      const [user, team] = [await nextInRotation(db, config.teamId, advance), await teamName(db, config.teamId)];
      return { user, how: `round-robin in ${team}`, reason: `团队 ${team} → 轮流分配: ${user?.name ?? ''}` };
    }
    case 'least_loaded': {
      const [user, team] = [await leastLoaded(db, ctx.object!, config.teamId), await teamName(db, config.teamId)];
      return { user, how: `least loaded in ${team}`, reason: `团队 ${team} → 负载最少: ${user?.name ?? ''}` };
    }
    case 'territory': {
      const territory = await findTerritoryTeam(db, ctx.record ?? {});
      if (!territory) return { user: null, how: 'no territory matches the record', reason: '' };
      const [user, team] = [await nextInRotation(db, territory.teamId, advance), await teamName(db, territory.teamId)];
      const label = ctx.object ? (ctx.engine.metadata.field(ctx.object, territory.field)?.label.zh ?? territory.field) : territory.field;
      return {
        user,
        how: `territory ${territory.field}=${territory.value} → ${team}, round-robin`,
        reason: `${label} ${territory.value} → ${team} → 轮流分配: ${user?.name ?? ''}`,
      };
    }
  }
}

/** Assign owner: a given user, round-robin or least-loaded in a team, or by the territory table. */
export function registerAssignOwner(registry: AutomationRegistry) {
  registry.registerAction<Config>('assign_owner', {
    schema,
    needsRecord: true,
    async describe(ctx) {
      const { user, how } = await choose(ctx, false);
      return user ? `assign to ${user.name} (${how})` : `assign nobody: ${how}`;
    },
    async run(ctx) {
      const { user, how, reason } = await choose(ctx, true);
      if (!user) return { assigned: null, note: how };
      if (ctx.record!.owner_id !== user.id) {
        await ctx.engine.records.update(ctx.object!, ctx.record!.id as string, { owner_id: user.id }, SYSTEM_CONTEXT, { trx: ctx.trx, cause: ctx.cause });
      }
      // Objects with an assignment_reason field (leads) show why they got their owner; it is a
      // system field (people cannot edit it), so it is written here rather than through the payload.
      if (ctx.engine.metadata.field(ctx.object!, 'assignment_reason')) {
        await sql`UPDATE ${sql.table(ctx.object!)} SET assignment_reason = ${reason} WHERE id = ${ctx.record!.id as string}`.execute(ctx.trx);
      }
      return { assigned: user.id, name: user.name, how, reason };
    },
  });
}
