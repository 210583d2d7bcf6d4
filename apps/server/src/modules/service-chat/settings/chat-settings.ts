import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { auditConfigChange } from '../../../engine/audit/audit.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { badRequest, parseInput } from '../../../http/errors.js';
import { baseUrlOf } from '../../web-forms/routes.js';
import { announce } from '../../notifications/index.js';
import { requireManage } from '../../service/service-access.js';
import { CHAT_TOPIC } from '../sessions/chat-events.js';

/** An origin as browsers send it (scheme://host[:port]), from what an admin typed (a URL or an origin). */
const origin = z
  .string()
  .trim()
  .max(300)
  .refine((v) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol), 'must be an http(s) origin such as https://www.example.com')
  .transform((v) => new URL(v).origin);

const text = (max: number) => z.string().trim().min(1).max(max);

const topic = z.strictObject({
  key: z.string().trim().regex(/^[a-z0-9_-]{1,40}$/, 'lowercase letters, digits, - or _ (at most 40)'),
  zh: text(60),
  en: text(60),
  groupId: z.uuid().nullable().default(null),
});

export const chatSettingsInput = z.strictObject({
  enabled: z.boolean(),
  // Left out by an older client: kept as they are.
  defaultGroupId: z.uuid().nullable().optional(),
  topics: z
    .array(topic)
    .max(12)
    .refine((list) => new Set(list.map((t) => t.key)).size === list.length, 'topic keys must differ')
    .optional(),
  missedAfterSeconds: z.number().int().min(30).max(3600).optional(),
  allowedOrigins: z.array(origin).max(20).transform((list) => [...new Set(list)]),
  greetingZh: text(500),
  greetingEn: text(500),
  offlineZh: text(500),
  offlineEn: text(500),
});
export type ChatSettingsInput = z.infer<typeof chatSettingsInput>;

export async function loadChatSettings(db: Kysely<Database>) {
  const read = () => db.selectFrom('chat_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  const row = await read();
  if (row) return row;
  // A restore of a backup from before the chat empties this table: make a new token and secret then.
  await sql`INSERT INTO chat_settings (id, token, visitor_secret)
    VALUES (1, replace(gen_random_uuid()::text, '-', ''), replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    ON CONFLICT DO NOTHING`.execute(db);
  return (await read())!;
}

/** Every group named in the settings must exist (not deleted): a 400 naming the field otherwise. */
async function checkGroups(db: Kysely<Database>, input: ChatSettingsInput) {
  const named = [
    ...(input.defaultGroupId ? [{ path: 'defaultGroupId', id: input.defaultGroupId }] : []),
    ...(input.topics ?? []).flatMap((t, i) => (t.groupId ? [{ path: `topics.${i}.groupId`, id: t.groupId }] : [])),
  ];
  if (!named.length) return;
  const { rows } = await sql<{ id: string }>`SELECT id FROM support_groups WHERE id = ANY(${named.map((n) => n.id)}::uuid[]) AND deleted_at IS NULL`.execute(db);
  const known = new Set(rows.map((r) => r.id));
  const missing = named.filter((n) => !known.has(n.id));
  if (missing.length) throw badRequest('unknown support group', missing.map((n) => ({ path: n.path, message: 'no such support group' })));
}

const newToken = sql<string>`replace(gen_random_uuid()::text, '-', '')`;

const widgetPath = (token: string) => `/chat/${token}/widget.js`;

function view(row: Awaited<ReturnType<typeof loadChatSettings>>, base: string) {
  const widgetUrl = `${base}${widgetPath(row.token)}`;
  return {
    enabled: row.enabled,
    allowedOrigins: row.allowed_origins,
    greetingZh: row.greeting_zh,
    greetingEn: row.greeting_en,
    offlineZh: row.offline_zh,
    offlineEn: row.offline_en,
    defaultGroupId: row.default_group_id,
    topics: row.topics,
    missedAfterSeconds: row.missed_after_s,
    widgetUrl,
    snippet: `<script src="${widgetUrl}" async></script>`,
  };
}

/** Settings → 客服 → 在线客服: admins and support managers switch the widget on and name the sites it may run on. */
export function registerChatSettingsRoutes(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/api/v1/chat/settings', async (request) => {
    requireManage(requireAccess(request), 'support_groups');
    return { data: view(await loadChatSettings(db), baseUrlOf(request)) };
  });

  app.put('/api/v1/chat/settings', async (request) => {
    const access = requireAccess(request);
    requireManage(access, 'support_groups');
    const input = parseInput(chatSettingsInput, request.body);
    await checkGroups(db, input);
    const row = await db.transaction().execute(async (trx) => {
      const before = await loadChatSettings(trx);
      const after = await trx
        .updateTable('chat_settings')
        .set({ enabled: input.enabled, allowed_origins: input.allowedOrigins, greeting_zh: input.greetingZh, greeting_en: input.greetingEn, offline_zh: input.offlineZh, offline_en: input.offlineEn,
          ...(input.defaultGroupId !== undefined ? { default_group_id: input.defaultGroupId } : {}),
          ...(input.topics ? { topics: JSON.stringify(input.topics) } : {}),
          ...(input.missedAfterSeconds ? { missed_after_s: input.missedAfterSeconds } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', 1)
        .returningAll()
        .executeTakeFirstOrThrow();
      const audited = (r: typeof before) => ({ enabled: r.enabled, allowedOrigins: r.allowed_origins.join(', '), greetingZh: r.greeting_zh, greetingEn: r.greeting_en, offlineZh: r.offline_zh, offlineEn: r.offline_en, defaultGroupId: r.default_group_id ?? '', topics: r.topics.map((t) => `${t.key}→${t.groupId ?? ''}`).join(', '), missedAfterSeconds: r.missed_after_s });
      await auditConfigChange(trx, 'service', access.userId, { name: { zh: '在线客服', en: 'Live chat' } }, audited(before), audited(after));
      return after;
    });
    return { data: view(row, baseUrlOf(request)) };
  });

  // A new widget token: the old snippet stops at once (every public request compares the token),
  // and open visitor streams are closed. Visitors keep their signed ids (the secret stays).
  app.post('/api/v1/chat/settings/token', async (request) => {
    const access = requireAccess(request);
    requireManage(access, 'support_groups');
    const row = await db.transaction().execute(async (trx) => {
      const before = await loadChatSettings(trx);
      const after = await trx.updateTable('chat_settings').set({ token: newToken, updated_at: new Date() }).where('id', '=', 1).returningAll().executeTakeFirstOrThrow();
      await auditConfigChange(trx, 'service', access.userId, { name: { zh: '在线客服', en: 'Live chat' } }, { widgetToken: `${before.token.slice(0, 4)}…` }, { widgetToken: `${after.token.slice(0, 4)}…` });
      await announce(trx, [{ type: 'topic', topic: CHAT_TOPIC, data: { sessionId: '', kind: 'token' } }]);
      return after;
    });
    return { data: view(row, baseUrlOf(request)) };
  });
}
