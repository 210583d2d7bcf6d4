import { rolePermissionsSchema, type FieldChanges } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import { requireAccess, requireAdmin } from '../engine/permissions/request-access.js';
import { ApiError, badRequest, notFound, parseInput } from '../http/errors.js';
import { forgetAccessContexts } from './access-context.js';
import { auditAccountChange, roleSnapshot, teamSnapshot, userSnapshot } from './account-audit.js';
import { passwordSchema } from './auth-routes.js';
import { checkNewPassword } from './password-policy.js';
import { hashPassword } from './passwords.js';

const idParams = z.object({ id: z.uuid() });
const userFields = {
  name: z.string().trim().min(1).max(100),
  password: passwordSchema,
  roleId: z.uuid(),
  teamId: z.uuid().nullable(),
  locale: z.enum(['zh-CN', 'en']),
  /** The user's id in another system (Salesforce 005…): import owner columns find the user by it. */
  externalId: z.string().trim().min(1).max(255).nullable(),
};
export const userInput = z.object({
  ...userFields,
  email: z.string().trim().toLowerCase().pipe(z.email()),
  teamId: userFields.teamId.default(null),
  locale: userFields.locale.default('zh-CN'),
  externalId: userFields.externalId.default(null),
});
// No defaults here: Zod's partial() keeps them, so a patch of the role alone reset the team and language.
export const userPatch = z.object(userFields).partial().extend({ active: z.boolean().optional() }).strict();
// leadUserId: the team's lead, i.e. its members' manager (automation's "notify the owner's manager").
const teamFields = { name: z.string().trim().min(1).max(100), parentId: z.uuid().nullable(), leadUserId: z.uuid().nullable() };
export const teamInput = z.object({ ...teamFields, parentId: teamFields.parentId.default(null), leadUserId: teamFields.leadUserId.default(null) });
// No defaults here: a field left out of a patch stays as it is.
export const teamPatch = z.object(teamFields).partial().strict();
export const roleInput = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'lower-case letters, digits and _'),
  nameZh: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(50),
  permissions: rolePermissionsSchema,
});

const USER_FIELDS = ['id', 'email', 'name', 'role_id', 'team_id', 'locale', 'active', 'external_id', 'created_at'] as const;

/**
 * Users, teams and roles. Reading the user and team directory is open to every signed-in user
 * (owner pickers, names in lists); non-admins see active users' id, name, team only (no e-mail).
 */
export function registerAdminRoutes(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/api/v1/users', async (request) => {
    const access = requireAccess(request);
    if (access.permissions.admin) return { data: await db.selectFrom('users').select(USER_FIELDS).orderBy('name').execute() };
    return { data: await db.selectFrom('users').select(['id', 'name', 'team_id', 'active']).where('active', '=', true).orderBy('name').execute() };
  });

  app.post('/api/v1/users', async (request, reply) => {
    const admin = requireAdmin(request);
    const input = parseInput(userInput, request.body);
    checkNewPassword(input.password, input.email);
    const passwordHash = await hashPassword(input.password);
    const user = await db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('users')
        .values({ email: input.email, name: input.name, password_hash: passwordHash, role_id: input.roleId, team_id: input.teamId, locale: input.locale, active: true, external_id: input.externalId })
        .returning(USER_FIELDS)
        .executeTakeFirstOrThrow();
      await auditAccountChange(trx, 'users', admin.userId, created.id, null, await userSnapshot(trx, created.id));
      return created;
    });
    forgetAccessContexts();
    return reply.status(201).send({ data: user });
  });

  app.patch('/api/v1/users/:id', async (request) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    const patch = parseInput(userPatch, request.body);
    if (id === admin.userId && patch.active === false) throw badRequest('you cannot deactivate yourself', [{ path: 'active', message: 'own account' }]);
    if (patch.password !== undefined) {
      const target = await db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirst();
      if (!target) throw notFound('user');
      checkNewPassword(patch.password, target.email);
    }
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    const user = await db.transaction().execute(async (trx) => {
      const before = await userSnapshot(trx, id);
      const updated = await trx
        .updateTable('users')
        .set({
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.roleId !== undefined && { role_id: patch.roleId }),
          ...(patch.teamId !== undefined && { team_id: patch.teamId }),
          ...(patch.locale !== undefined && { locale: patch.locale }),
          ...(patch.active !== undefined && { active: patch.active }),
          ...(patch.externalId !== undefined && { external_id: patch.externalId }),
          ...(passwordHash !== undefined && { password_hash: passwordHash }),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returning(USER_FIELDS)
        .executeTakeFirst();
      if (!updated) throw notFound('user');
      if (patch.active === false || passwordHash !== undefined) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      // A password reset is what an admin does for a lost or leaked account: its API keys stop too.
      if (passwordHash !== undefined) await trx.updateTable('api_keys').set({ revoked_at: new Date() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
      const passwordReset: FieldChanges = passwordHash !== undefined ? { password: { from: '••••••', to: '••••••' } } : {};
      await auditAccountChange(trx, 'users', admin.userId, id, before, await userSnapshot(trx, id), passwordReset);
      return updated;
    });
    forgetAccessContexts();
    return { data: user };
  });

  app.get('/api/v1/teams', async (request) => {
    requireAccess(request);
    return { data: await db.selectFrom('teams').selectAll().orderBy('name').execute() };
  });

  app.post('/api/v1/teams', async (request, reply) => {
    const admin = requireAdmin(request);
    const input = parseInput(teamInput, request.body);
    const team = await db.transaction().execute(async (trx) => {
      const created = await trx.insertInto('teams').values({ name: input.name, parent_id: input.parentId, lead_user_id: input.leadUserId }).returningAll().executeTakeFirstOrThrow();
      await auditAccountChange(trx, 'teams', admin.userId, created.id, null, await teamSnapshot(trx, created.id));
      return created;
    });
    forgetAccessContexts();
    return reply.status(201).send({ data: team });
  });

  app.patch('/api/v1/teams/:id', async (request) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    const patch = parseInput(teamPatch, request.body);
    if (patch.parentId) {
      // A team may not become its own ancestor.
      const { rows } = await sql<{ id: string }>`
        WITH RECURSIVE up AS (SELECT id, parent_id FROM teams WHERE id = ${patch.parentId}
          UNION SELECT t.id, t.parent_id FROM teams t JOIN up ON t.id = up.parent_id)
        SELECT id FROM up WHERE id = ${id}`.execute(db);
      if (rows.length) throw badRequest('a team cannot be inside itself', [{ path: 'parentId', message: 'would create a cycle' }]);
    }
    const changes = { ...(patch.name !== undefined && { name: patch.name }), ...(patch.parentId !== undefined && { parent_id: patch.parentId }), ...(patch.leadUserId !== undefined && { lead_user_id: patch.leadUserId }) };
    // An empty patch changes nothing (an UPDATE without SET columns is not SQL).
    if (!Object.keys(changes).length) {
      const unchanged = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
      if (!unchanged) throw notFound('team');
      return { data: unchanged };
    }
    const team = await db.transaction().execute(async (trx) => {
      const before = await teamSnapshot(trx, id);
      const updated = await trx
        .updateTable('teams')
        .set(changes)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw notFound('team');
      await auditAccountChange(trx, 'teams', admin.userId, id, before, await teamSnapshot(trx, id));
      return updated;
    });
    forgetAccessContexts();
    return { data: team };
  });

  app.delete('/api/v1/teams/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    const members = await db.selectFrom('users').select('id').where('team_id', '=', id).limit(1).execute();
    if (members.length) throw new ApiError('conflict', 'move the team members elsewhere first', [{ path: 'id', message: 'team has members' }]);
    await db.transaction().execute(async (trx) => {
      const before = await teamSnapshot(trx, id);
      const result = await trx.deleteFrom('teams').where('id', '=', id).executeTakeFirst();
      if (!result.numDeletedRows) throw notFound('team');
      await auditAccountChange(trx, 'teams', admin.userId, id, before, null);
    });
    forgetAccessContexts();
    return reply.status(204).send();
  });

  app.get('/api/v1/roles', async (request) => {
    requireAccess(request);
    return { data: await db.selectFrom('roles').selectAll().orderBy('created_at').execute() };
  });

  app.post('/api/v1/roles', async (request, reply) => {
    const admin = requireAdmin(request);
    const input = parseInput(roleInput, request.body);
    const role = await db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('roles')
        .values({ key: input.key, name_zh: input.nameZh, name_en: input.nameEn, permissions: JSON.stringify(input.permissions), builtin: false })
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditAccountChange(trx, 'roles', admin.userId, created.id, null, await roleSnapshot(trx, created.id));
      return created;
    });
    return reply.status(201).send({ data: role });
  });

  app.patch('/api/v1/roles/:id', async (request) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    const patch = parseInput(roleInput.omit({ key: true }).partial().strict(), request.body);
    const current = await db.selectFrom('roles').select(['key']).where('id', '=', id).executeTakeFirst();
    if (!current) throw notFound('role');
    if (current.key === 'admin' && patch.permissions && !patch.permissions.admin) {
      throw badRequest('the administrator role must keep admin rights', [{ path: 'permissions.admin', message: 'must stay true' }]);
    }
    const changes = {
      ...(patch.nameZh !== undefined && { name_zh: patch.nameZh }),
      ...(patch.nameEn !== undefined && { name_en: patch.nameEn }),
      ...(patch.permissions !== undefined && { permissions: JSON.stringify(patch.permissions) }),
    };
    if (!Object.keys(changes).length) return { data: await db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirstOrThrow() };
    const role = await db.transaction().execute(async (trx) => {
      const before = await roleSnapshot(trx, id);
      const updated = await trx
        .updateTable('roles')
        .set(changes)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditAccountChange(trx, 'roles', admin.userId, id, before, await roleSnapshot(trx, id));
      return updated;
    });
    forgetAccessContexts();
    return { data: role };
  });

  app.delete('/api/v1/roles/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParams, request.params);
    const role = await db.selectFrom('roles').select(['builtin']).where('id', '=', id).executeTakeFirst();
    if (!role) throw notFound('role');
    if (role.builtin) throw badRequest('built-in roles cannot be deleted', [{ path: 'id', message: 'built-in role' }]);
    const users = await db.selectFrom('users').select('id').where('role_id', '=', id).limit(1).execute();
    if (users.length) throw new ApiError('conflict', 'give the role\'s users another role first', [{ path: 'id', message: 'role in use' }]);
    await db.transaction().execute(async (trx) => {
      const before = await roleSnapshot(trx, id);
      await trx.deleteFrom('roles').where('id', '=', id).execute();
      await auditAccountChange(trx, 'roles', admin.userId, id, before, null);
    });
    return reply.status(204).send();
  });
}
