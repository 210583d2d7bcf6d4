import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { sendTemplateEmail } from '../modules/notifications/email/send-template-email.js';
import { newToken, tokenHash } from './tokens.js';

/** An invitation link stays valid longer than a reset link (30 minutes): people read it days later. */
export const INVITATION_DAYS = 7;

/**
 * E-mails a new user a one-time link to choose their own password (the password reset link and
 * page, valid for 7 days); only the token's hash is stored. Called in the transaction that creates
 * the user, so the mail is queued only if the user exists.
 */
export async function sendInvitation(trx: Kysely<Database>, userId: string, inviter: string) {
  const token = newToken('');
  await trx.insertInto('password_resets').values({ token_hash: tokenHash(token), user_id: userId, expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000) }).execute();
  await sendTemplateEmail({ template: 'user_invitation', to: { userId }, vars: { link: `/reset-password?token=${token}`, expiresDays: INVITATION_DAYS, inviter } }, trx);
}
