import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { kindDefaults, notificationKinds, type ChannelSwitches } from './kinds.js';

/** Each user's switches for one kind: their saved row, else the kind's defaults. */
export async function preferencesFor(db: Kysely<Database>, userIds: string[], kind: string): Promise<Map<string, ChannelSwitches>> {
  const defaults = kindDefaults(kind) ?? { inApp: true, email: false, robot: false };
  const rows = userIds.length
    ? await db.selectFrom('notification_preferences').select(['user_id', 'in_app', 'email', 'robot']).where('kind', '=', kind).where('user_id', 'in', userIds).execute()
    : [];
  const saved = new Map(rows.map((r) => [r.user_id, { inApp: r.in_app, email: r.email, robot: r.robot }]));
  return new Map(userIds.map((id) => [id, saved.get(id) ?? defaults]));
}

/** Every kind's switches for one user (the account page). */
export async function allPreferences(db: Kysely<Database>, userId: string): Promise<Array<{ kind: string } & ChannelSwitches>> {
  const rows = await db.selectFrom('notification_preferences').select(['kind', 'in_app', 'email', 'robot']).where('user_id', '=', userId).execute();
  const saved = new Map(rows.map((r) => [r.kind, { inApp: r.in_app, email: r.email, robot: r.robot }]));
  return notificationKinds().map((kind) => ({ kind, ...(saved.get(kind) ?? kindDefaults(kind)!) }));
}

export async function savePreferences(db: Kysely<Database>, userId: string, prefs: Array<{ kind: string } & ChannelSwitches>) {
  if (!prefs.length) return;
  await db
    .insertInto('notification_preferences')
    .values(prefs.map((p) => ({ user_id: userId, kind: p.kind, in_app: p.inApp, email: p.email, robot: p.robot })))
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet((eb) => ({ in_app: eb.ref('excluded.in_app'), email: eb.ref('excluded.email'), robot: eb.ref('excluded.robot') })))
    .execute();
}
