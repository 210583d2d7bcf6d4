import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditConfigChange } from '../../../engine/audit/audit.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { badRequest, parseInput } from '../../../http/errors.js';
import type { ModuleContext } from '../../module.js';
import { requireManage, requireTicketReader } from '../service-access.js';

export const membersInput = z
  .object({
    userIds: z.array(z.uuid()).max(500),
    /** Ticket categories a member handles (assignment by category); members not named keep none. */
    categories: z.record(z.uuid(), z.array(z.string().min(1).max(60)).max(50)).default({}),
  })
  .strict();
export const awayInput = z.object({ away: z.boolean() }).strict();
const idParam = z.object({ id: z.uuid() });

const categoryOptions = (engine: ModuleContext['engine']) => (engine.metadata.field('tickets', 'category')?.options ?? []).map((o) => o.value);
/** Who handles which categories, as one comparable text for the audit snapshot. */
const skills = (rows: Array<{ user_id: string; categories: string[] }>) =>
  rows.filter((r) => r.categories.length).map((r) => `${r.user_id}:${[...r.categories].sort().join('+')}`).sort().join(',');

/** Members of a support group (the group itself is an engine object) and each agent's away flag. */
export function registerGroupRoutes(app: FastifyInstance, { db, engine }: ModuleContext) {
  app.get('/api/v1/support_groups/:id/members', async (request) => {
    const access = requireAccess(request);
    const { id } = parseInput(idParam, request.params);
    await engine.records.get('support_groups', id, access);
    const rows = await db
      .selectFrom('support_group_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('support_agents as a', 'a.user_id', 'm.user_id')
      .select(['u.id', 'u.name', 'u.email', 'a.away', 'm.categories'])
      .where('m.group_id', '=', id)
      .orderBy('u.name')
      .execute();
    return { data: rows.map((r) => ({ id: r.id, name: r.name, email: r.email, away: r.away ?? false, categories: r.categories })) };
  });

  app.put('/api/v1/support_groups/:id/members', async (request) => {
    const access = requireAccess(request);
    requireManage(access, 'support_groups');
    const { id } = parseInput(idParam, request.params);
    const { userIds, categories } = parseInput(membersInput, request.body);
    const knownCategories = new Set(categoryOptions(engine));
    for (const [userId, list] of Object.entries(categories)) {
      const bad = list.find((c) => !knownCategories.has(c));
      if (bad) throw badRequest(`unknown category ${bad}`, [{ path: `categories.${userId}`, message: `unknown category ${bad}` }]);
    }
    const group = await engine.records.get('support_groups', id, access);
    const ids = [...new Set(userIds)];
    await db.transaction().execute(async (trx) => {
      const known = ids.length ? await trx.selectFrom('users').select('id').where('id', 'in', ids).execute() : [];
      const unknown = ids.find((u) => !known.some((k) => k.id === u));
      if (unknown) throw badRequest(`unknown user ${unknown}`, [{ path: 'userIds', message: `unknown user ${unknown}` }]);
      const before = await trx.selectFrom('support_group_members').select(['user_id', 'categories']).where('group_id', '=', id).execute();
      await trx.deleteFrom('support_group_members').where('group_id', '=', id).execute();
      if (ids.length) await trx.insertInto('support_group_members').values(ids.map((user_id) => ({ group_id: id, user_id, categories: [...new Set(categories[user_id] ?? [])] }))).execute();
      await auditConfigChange(
        trx,
        'service',
        access.userId,
        { id, name: String(group.name) },
        { members: before.map((m) => m.user_id).sort(), categories: skills(before) },
        { members: [...ids].sort(), categories: skills(ids.map((user_id) => ({ user_id, categories: categories[user_id] ?? [] }))) },
      );
    });
    return { data: { id, userIds: ids, categories } };
  });

  // An agent marks themself away (holiday, sick): automatic assignment skips them.
  app.put('/api/v1/service/away', async (request) => {
    const access = requireAccess(request);
    requireTicketReader(access);
    const { away } = parseInput(awayInput, request.body);
    await db
      .insertInto('support_agents')
      .values({ user_id: access.userId!, away })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ away, updated_at: new Date() }))
      .execute();
    return { data: { away } };
  });
}
