import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { ApiError } from '../../../http/errors.js';
import { linkSecret } from '../../service-portal/auth/portal-auth.js';

/** One link per contact and survey: an HMAC of both under the portal's link secret (no login needed). */
export async function signInvitation(db: Kysely<Database>, surveyId: string, contactId: string): Promise<string> {
  return createHmac('sha256', await linkSecret(db)).update(`survey:${surveyId}:${contactId}`).digest('base64url');
}

export async function checkInvitation(db: Kysely<Database>, surveyId: string, contactId: string, s: unknown) {
  const expected = Buffer.from(await signInvitation(db, surveyId, contactId));
  const given = Buffer.from(typeof s === 'string' ? s : '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new ApiError('forbidden', 'the survey link is not valid', [{ path: 's', message: 'bad signature' }]);
}

export const invitationPath = (surveyId: string, contactId: string, s: string) => `/survey/${surveyId}/${contactId}?s=${s}`;
