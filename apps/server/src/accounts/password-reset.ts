import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import { ApiError, badRequest, parseInput } from '../http/errors.js';
import { sendTemplateEmail } from '../modules/notifications/email/send-template-email.js';
import { loadSmtpSettings } from '../modules/notifications/email/smtp-settings.js';
import { passwordSchema } from './auth-routes.js';
import { checkNewPassword } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { newToken, tokenHash } from './tokens.js';

const LINK_MINUTES = 30;
/** Requests one address may make per hour (whatever the e-mail), and e-mails one account gets per hour. */
const MAX_REQUESTS_PER_IP = 10;
const MAX_MAILS_PER_ACCOUNT = 3;

export const requestInput = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()) });
export const confirmInput = z.object({ token: z.string().min(20).max(100), password: passwordSchema });

/**
 * Forgotten password: POST /api/auth/password-reset {email} e-mails a one-time link valid for 30
 * minutes (only the token's hash is stored); POST /api/auth/password-reset/confirm {token,
 * password} sets the new password, uses the link up and ends the account's sessions. The first
 * answers the same, at once, whether or not the e-mail belongs to an account: the lookup and the
 * e-mail happen after the answer, so neither the answer nor its timing tells.
 */
export function registerPasswordReset(app: FastifyInstance, db: Kysely<Database>, options: { publicUrl?: string }) {
  const pending = new Set<Promise<void>>();
  app.addHook('preClose', async () => {
    await Promise.allSettled([...pending]);
  });

  app.post('/api/auth/password-reset', async (request, reply) => {
    const { email } = parseInput(requestInput, request.body);
    const { rows } = await sql<{ by_ip: string; by_email: string }>`
      SELECT count(*) FILTER (WHERE ip = ${request.ip}) AS by_ip, count(*) FILTER (WHERE email = ${email}) AS by_email
      FROM password_reset_requests WHERE at > now() - interval '1 hour' AND (ip = ${request.ip} OR email = ${email})`.execute(db);
    if (Number(rows[0].by_ip) >= MAX_REQUESTS_PER_IP) {
      reply.header('retry-after', '3600');
      throw new ApiError('rate_limited', 'too many password reset requests from this address; try again later');
    }
    await db.insertInto('password_reset_requests').values({ email, ip: request.ip }).execute();
    if (Number(rows[0].by_email) < MAX_MAILS_PER_ACCOUNT) {
      const work = sendResetLink(db, email, options.publicUrl).catch((error) => request.log.error(error, 'password reset e-mail failed'));
      pending.add(work);
      void work.finally(() => pending.delete(work));
    }
    if (Math.random() < 0.02) await sql`DELETE FROM password_reset_requests WHERE at < now() - interval '1 day'`.execute(db);
    return reply.status(202).send({ ok: true });
  });

  app.post('/api/auth/password-reset/confirm', async (request) => {
    const { token, password } = parseInput(confirmInput, request.body);
    const passwordHash = await db.transaction().execute(async (trx) => {
      // FOR UPDATE: two uses of one link at once, only one wins.
      const reset = await trx
        .selectFrom('password_resets')
        .innerJoin('users', 'users.id', 'password_resets.user_id')
        .select(['password_resets.token_hash', 'password_resets.user_id', 'users.email'])
        .where('password_resets.token_hash', '=', tokenHash(token))
        .where('password_resets.used_at', 'is', null)
        .where('password_resets.expires_at', '>', new Date())
        .where('users.active', '=', true)
        .forUpdate()
        .executeTakeFirst();
      if (!reset) throw badRequest('this reset link is invalid, used or expired; ask for a new one', [{ path: 'token', message: 'invalid, used or expired' }]);
      checkNewPassword(password, reset.email);
      const hash = await hashPassword(password);
      await trx.updateTable('users').set({ password_hash: hash, must_change_password: false, updated_at: new Date() }).where('id', '=', reset.user_id).execute();
      // Every link of the account is used up, every session ends (whoever else was signed in).
      await trx.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', reset.user_id).where('used_at', 'is', null).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
      await trx.deleteFrom('login_failures').where('email', '=', reset.email).execute();
      return hash;
    });
    return { ok: Boolean(passwordHash) };
  });
}

async function sendResetLink(db: Kysely<Database>, email: string, publicUrl: string | undefined) {
  const user = await db.selectFrom('users').select(['id']).where('email', '=', email).where('active', '=', true).executeTakeFirst();
  if (!user) return;
  const token = newToken('');
  // The link's host comes from configuration, never from the request's Host header (a forged Host
  // would otherwise send the victim a link to the attacker's site carrying a valid token).
  const base = publicUrl ?? (await loadSmtpSettings(db))?.appUrl ?? '';
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('password_resets').values({ token_hash: tokenHash(token), user_id: user.id, expires_at: new Date(Date.now() + LINK_MINUTES * 60_000) }).execute();
    await sendTemplateEmail({ template: 'password_reset', to: { userId: user.id }, vars: { link: `${base}/reset-password?token=${token}`, expiresMinutes: LINK_MINUTES } }, trx);
  });
}
