import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { badRequest, parseInput } from '../../http/errors.js';
import { renderEmail } from './email/render-template.js';
import { loadTemplate, queueDeliveries } from './email/send-template-email.js';
import { absoluteLink, loadSmtpSettings } from './email/smtp-settings.js';
import { kindDefaults } from './kinds.js';
import { announce, type LiveMessage } from './live/channel.js';
import { preferencesFor } from './preferences.js';
import { robotMarkdown } from './robots/robot-message.js';

const notifyInput = z.object({
  userIds: z.array(z.uuid()).min(1).max(1000),
  kind: z.string().min(1).max(40),
  title: z.string().trim().min(1).max(200),
  body: z.string().max(4000).optional(),
  /** An app path such as /o/deals/<id> (made absolute in e-mails and robot messages) or a URL. */
  link: z.string().max(1000).refine((v) => v.startsWith('/') || /^https?:\/\//.test(v), 'an app path starting with / or an http(s) URL').optional(),
  object: z.string().max(50).optional(),
  recordId: z.uuid().optional(),
  /** Idempotency per recipient: a second notify with the same key writes and sends nothing. */
  dedupeKey: z.string().min(1).max(200).optional(),
  /** E-mail template to use instead of the kind's own (or 'general'), and extra variables for it. */
  emailTemplate: z.string().min(1).max(60).optional(),
  vars: z.record(z.string(), z.unknown()).default({}),
});
export type NotifyInput = z.input<typeof notifyInput>;

export interface NotifyResult {
  /** Notifications written now (in-app ones are listed; others only anchor deliveries). */
  created: Array<{ id: string; userId: string }>;
  /** Recipients skipped because the dedupe key was already used for them. */
  duplicates: string[];
  /** E-mail and robot deliveries queued. */
  deliveries: number;
}

/**
 * Notifies users of something, per each recipient's channel preferences for the kind: stores the
 * in-app notification (pushed live to open browsers after commit) and queues e-mail and robot
 * deliveries that pg-boss jobs send with retries. Runs in the caller's transaction when given one
 * (so nothing is announced or sent if it rolls back), else in its own.
 */
export async function notify(input: NotifyInput, db: Kysely<Database>): Promise<NotifyResult> {
  const parsed = parseInput(notifyInput, input);
  if (!kindDefaults(parsed.kind)) throw badRequest(`unknown notification kind '${parsed.kind}'`, [{ path: 'kind', message: 'unknown kind' }]);
  return db.isTransaction ? notifyIn(db, parsed) : db.transaction().execute((trx) => notifyIn(trx, parsed));
}

async function notifyIn(db: Kysely<Database>, input: z.output<typeof notifyInput>): Promise<NotifyResult> {
  const ids = [...new Set(input.userIds)];
  const users = await db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'active']).where('id', 'in', ids).execute();
  const missing = ids.filter((id) => !users.some((u) => u.id === id));
  if (missing.length) throw badRequest(`unknown user ${missing[0]}`, [{ path: 'userIds', message: `unknown user ${missing[0]}` }]);
  const prefs = await preferencesFor(db, ids, input.kind);
  const robots = new Map(
    (await db.selectFrom('notification_robots').selectAll().where('user_id', 'in', ids).execute()).map((r) => [r.user_id, r]),
  );
  const wantsEmail = users.some((u) => prefs.get(u.id)!.email);
  const templateKey = input.emailTemplate ?? ((await loadTemplate(db, input.kind)) ? input.kind : 'general');
  const template = wantsEmail ? await loadTemplate(db, templateKey) : undefined;
  if (wantsEmail && !template) throw badRequest(`no e-mail template '${templateKey}'`, [{ path: 'emailTemplate', message: 'unknown template' }]);
  const settings = await loadSmtpSettings(db);
  const link = absoluteLink(input.link, settings?.appUrl);

  // One statement per table, whatever the number of recipients (automation may notify a whole team).
  const recipients = users.filter((u) => u.active).map((user) => ({ user, p: prefs.get(user.id)!, robot: prefs.get(user.id)!.robot ? robots.get(user.id) : undefined }));
  const targets = recipients.filter(({ p, robot }) => p.inApp || p.email || robot);
  const result: NotifyResult = { created: [], duplicates: [], deliveries: 0 };
  if (!targets.length) return result;
  const rows = await db
    .insertInto('notifications')
    .values(targets.map(({ user, p }) => ({ user_id: user.id, kind: input.kind, title: input.title, body: input.body ?? null, link: input.link ?? null, object: input.object ?? null, record_id: input.recordId ?? null, dedupe_key: input.dedupeKey ?? null, in_app: p.inApp })))
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning(['id', 'user_id'])
    .execute();
  const idOf = new Map(rows.map((r) => [r.user_id, r.id]));
  const live: LiveMessage[] = [];
  const deliveries: Array<Parameters<typeof queueDeliveries>[1][number]> = [];
  for (const { user, p, robot } of targets) {
    const id = idOf.get(user.id);
    if (!id) {
      result.duplicates.push(user.id);
      continue;
    }
    result.created.push({ id, userId: user.id });
    if (p.inApp) live.push({ type: 'notification', userId: user.id, id });
    if (p.email && template) {
      const vars = { ...input.vars, user: { name: user.name, email: user.email }, title: input.title, body: input.body ?? '', link };
      deliveries.push({ channel: 'email', userId: user.id, notificationId: id, payload: { to: user.email, toName: user.name, ...renderEmail(template, user.locale, vars) }, dedupeKey: null });
    }
    if (robot) {
      const payload = { provider: robot.provider, url: robot.webhook_url, secret: robot.secret, title: input.title, text: robotMarkdown(input.title, input.body, link, user.locale) };
      deliveries.push({ channel: 'robot', userId: user.id, notificationId: id, payload, dedupeKey: null });
    }
  }
  result.deliveries = await queueDeliveries(db, deliveries);
  if (result.deliveries) live.push({ type: 'deliveries' });
  await announce(db, live);
  return result;
}
