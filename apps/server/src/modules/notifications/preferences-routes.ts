import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { requireAccess, requireAdmin } from '../../engine/permissions/request-access.js';
import { ApiError, badRequest, notFound, parseInput } from '../../http/errors.js';
import { notificationKinds } from './kinds.js';
import { allPreferences, savePreferences } from './preferences.js';
import { OFFICIAL_ROBOT_HOSTS, postRobotMessage, robotMarkdown } from './robots/robot-message.js';

const preferencesInput = z
  .object({
    kinds: z.array(z.object({ kind: z.string(), inApp: z.boolean(), email: z.boolean(), robot: z.boolean() }).strict()).max(100).optional(),
    /** The user's group robot; null removes it. */
    robot: z
      .object({
        provider: z.enum(['wecom', 'dingtalk']),
        webhookUrl: z.url({ protocol: /^https?$/ }).max(1000),
        /** DingTalk signing secret (SEC…); omitted keeps the saved one, null removes it. */
        secret: z.string().trim().max(200).nullable().optional(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

async function readPreferences(db: Kysely<Database>, userId: string) {
  const robot = await db.selectFrom('notification_robots').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return {
    kinds: await allPreferences(db, userId),
    robot: robot ? { provider: robot.provider, webhookUrl: robot.webhook_url, hasSecret: !!robot.secret } : null,
  };
}

async function writePreferences(db: Kysely<Database>, userId: string, body: unknown, byAdmin: boolean) {
  const input = parseInput(preferencesInput, body);
  const known = new Set(notificationKinds());
  input.kinds?.forEach((k, i) => {
    if (!known.has(k.kind)) throw badRequest(`unknown notification kind '${k.kind}'`, [{ path: `kinds.${i}.kind`, message: 'unknown kind' }]);
  });
  if (input.robot) {
    const url = new URL(input.robot.webhookUrl);
    const official = OFFICIAL_ROBOT_HOSTS[input.robot.provider];
    // A user's own robot may only post to WeCom/DingTalk; an administrator may use a proxy or relay.
    if (!byAdmin && (url.protocol !== 'https:' || url.hostname !== official)) {
      throw badRequest(`the webhook must be an https://${official}/ address`, [{ path: 'robot.webhookUrl', message: `must be on https://${official}` }]);
    }
  }
  await db.transaction().execute(async (trx) => {
    if (input.kinds) await savePreferences(trx, userId, input.kinds);
    if (input.robot === null) await trx.deleteFrom('notification_robots').where('user_id', '=', userId).execute();
    else if (input.robot) {
      const current = await trx.selectFrom('notification_robots').select('secret').where('user_id', '=', userId).executeTakeFirst();
      const secret = input.robot.secret === undefined ? (current?.secret ?? null) : input.robot.secret || null;
      const values = { provider: input.robot.provider, webhook_url: input.robot.webhookUrl, secret, updated_at: new Date() };
      await trx.insertInto('notification_robots').values({ user_id: userId, ...values }).onConflict((oc) => oc.column('user_id').doUpdateSet(values)).execute();
    }
  });
  return readPreferences(db, userId);
}

async function targetUser(db: Kysely<Database>, request: FastifyRequest) {
  requireAdmin(request);
  const { userId } = parseInput(z.object({ userId: z.uuid() }), request.params);
  if (!(await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst())) throw notFound('user');
  return userId;
}

/** Each user's channel switches per kind and their group robot; administrators may set anyone's. */
export function registerPreferenceRoutes(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/api/v1/notifications/preferences', async (request) => ({ data: await readPreferences(db, requireAccess(request).userId!) }));
  app.put('/api/v1/notifications/preferences', async (request) => {
    const access = requireAccess(request);
    return { data: await writePreferences(db, access.userId!, request.body, access.permissions.admin) };
  });
  app.get('/api/v1/notifications/preferences/:userId', async (request) => ({ data: await readPreferences(db, await targetUser(db, request)) }));
  app.put('/api/v1/notifications/preferences/:userId', async (request) => ({ data: await writePreferences(db, await targetUser(db, request), request.body, true) }));

  /** Sends a test message to the saved robot right away and reports the webhook's error. */
  app.post('/api/v1/notifications/robot/test', async (request) => {
    const access = requireAccess(request);
    const robot = await db.selectFrom('notification_robots').selectAll().where('user_id', '=', access.userId!).executeTakeFirst();
    if (!robot) throw badRequest('no robot is configured', [{ path: 'robot', message: 'save a robot first' }]);
    const title = access.locale === 'en' ? 'CRM test message' : 'CRM 测试消息';
    try {
      await postRobotMessage({ provider: robot.provider, url: robot.webhook_url, secret: robot.secret }, title, robotMarkdown(title, access.locale === 'en' ? 'The robot works.' : '机器人配置成功。', '', access.locale));
    } catch (error) {
      throw new ApiError('validation_failed', `robot test failed: ${(error as Error).message}`, [{ path: 'robot.webhookUrl', message: (error as Error).message }]);
    }
    return { ok: true };
  });
}
