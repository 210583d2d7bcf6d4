import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { loadMailAttachments } from '../email/attachment-sources.js';
import { loadSmtpSettings, sendMail, type OutgoingMail } from '../email/smtp-settings.js';
import { postRobotMessage, type RobotTarget } from '../robots/robot-message.js';

type RobotPayload = RobotTarget & { title: string; text: string };

/**
 * Sends one queued delivery (no transaction is held while talking to SMTP or a webhook: on
 * PGlite that would stall every other query). A delivery already sent is skipped, so a retried
 * job does not send twice. On failure the error is recorded and rethrown for pg-boss to retry;
 * `final` marks it failed for good.
 */
export async function deliver(db: Kysely<Database>, id: string, final = false): Promise<'sent' | 'skipped'> {
  const row = await db.selectFrom('notification_deliveries').select(['id', 'channel', 'payload', 'status']).where('id', '=', id).executeTakeFirst();
  if (!row || row.status === 'sent') return 'skipped';
  try {
    if (row.channel === 'email') {
      const settings = await loadSmtpSettings(db);
      if (!settings) throw new Error('SMTP is not configured (Settings → E-mail)');
      const mail = row.payload as OutgoingMail;
      await sendMail(settings, mail, await loadMailAttachments(db, mail.attachments));
    } else {
      const p = row.payload as RobotPayload;
      await postRobotMessage(p, p.title, p.text);
    }
  } catch (error) {
    await db
      .updateTable('notification_deliveries')
      .set({ attempts: sql`attempts + 1`, last_error: String((error as Error).message ?? error).slice(0, 2000), ...(final ? { status: 'failed' as const } : {}) })
      .where('id', '=', id)
      .execute();
    throw error;
  }
  await db.updateTable('notification_deliveries').set({ status: 'sent', attempts: sql`attempts + 1`, last_error: null, sent_at: new Date() }).where('id', '=', id).execute();
  return 'sent';
}

/**
 * Sends every pending delivery now, in this process, one attempt each: for tests and tools that
 * run without background jobs. Returns how many were sent and the errors of the others.
 */
export async function deliverPendingNow(db: Kysely<Database>): Promise<{ sent: number; errors: Array<{ id: string; error: string }> }> {
  const pending = await db.selectFrom('notification_deliveries').select('id').where('status', 'in', ['pending', 'queued']).orderBy('id').execute();
  const out = { sent: 0, errors: [] as Array<{ id: string; error: string }> };
  for (const { id } of pending) {
    try {
      if ((await deliver(db, id, true)) === 'sent') out.sent++;
    } catch (error) {
      out.errors.push({ id, error: String((error as Error).message ?? error) });
    }
  }
  return out;
}
