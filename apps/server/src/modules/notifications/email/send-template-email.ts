import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { badRequest, parseInput } from '../../../http/errors.js';
import { announce } from '../live/channel.js';
import { renderEmail, type TemplateVars } from './render-template.js';
import { absoluteLink, loadSmtpSettings, type OutgoingMail } from './smtp-settings.js';

const sendTemplateEmailInput = z.object({
  template: z.string().min(1).max(60),
  /** A user (their address, name and language are used) or a bare address. */
  to: z.union([z.object({ userId: z.uuid() }).strict(), z.object({ address: z.email(), name: z.string().max(100).optional() }).strict()]),
  /** Overrides the user's language; a bare address gets zh-CN unless told. */
  locale: z.enum(['zh-CN', 'en']).optional(),
  vars: z.record(z.string(), z.unknown()).default({}),
  /** Idempotency: a second call with the same key queues nothing. */
  dedupeKey: z.string().min(1).max(200).optional(),
});
export type SendTemplateEmailInput = z.input<typeof sendTemplateEmailInput>;

export async function loadTemplate(db: Kysely<Database>, key: string) {
  return db.selectFrom('email_templates').selectAll().where('key', '=', key).executeTakeFirst();
}

/**
 * Renders a template for one recipient now and queues the message (sent by a pg-boss job with
 * retries, after the caller's transaction commits). Returns the delivery id, or null when the
 * dedupe key was already used. Throws a 400 naming the field for an unknown template or user.
 */
export async function sendTemplateEmail(input: SendTemplateEmailInput, db: Kysely<Database>): Promise<{ deliveryId: string | null }> {
  const { template: key, to, locale, vars, dedupeKey } = parseInput(sendTemplateEmailInput, input);
  const template = await loadTemplate(db, key);
  if (!template) throw badRequest(`no e-mail template '${key}'`, [{ path: 'template', message: 'unknown template' }]);
  let mail: OutgoingMail;
  let userId: string | null = null;
  const settings = await loadSmtpSettings(db);
  const withLink = (v: TemplateVars) => ({ ...v, link: absoluteLink(v.link as string | undefined, settings?.appUrl) });
  if ('userId' in to) {
    const user = await db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'active']).where('id', '=', to.userId).executeTakeFirst();
    if (!user?.active) throw badRequest('no such active user', [{ path: 'to.userId', message: 'unknown or inactive user' }]);
    userId = user.id;
    mail = { to: user.email, toName: user.name, ...renderEmail(template, locale ?? user.locale, withLink({ ...vars, user: { name: user.name, email: user.email, ...(vars.user as object) } })) };
  } else {
    mail = { to: to.address, toName: to.name ?? null, ...renderEmail(template, locale, withLink({ ...vars, user: { name: to.name ?? to.address, email: to.address, ...(vars.user as object) } })) };
  }
  const id = await queueDelivery(db, { channel: 'email', userId, notificationId: null, payload: mail, dedupeKey: dedupeKey ? `email:${dedupeKey}` : null });
  if (id) await announce(db, [{ type: 'deliveries' }]);
  return { deliveryId: id };
}

interface NewDelivery {
  channel: 'email' | 'robot';
  userId: string | null;
  notificationId: string | null;
  payload: unknown;
  dedupeKey: string | null;
}

/** Inserts delivery rows in one statement, skipping used dedupe keys; returns the new ids. */
async function insertDeliveries(db: Kysely<Database>, list: NewDelivery[]): Promise<string[]> {
  if (!list.length) return [];
  const rows = await db
    .insertInto('notification_deliveries')
    .values(list.map((d) => ({ channel: d.channel, user_id: d.userId, notification_id: d.notificationId, payload: JSON.stringify(d.payload), dedupe_key: d.dedupeKey })))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function queueDelivery(db: Kysely<Database>, d: NewDelivery): Promise<string | null> {
  return (await insertDeliveries(db, [d]))[0] ?? null;
}

/** Queues many deliveries; returns how many were new. */
export async function queueDeliveries(db: Kysely<Database>, list: NewDelivery[]): Promise<number> {
  return (await insertDeliveries(db, list)).length;
}

