import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { ApiError } from '../../../http/errors.js';
import { contactFromToken, PORTAL_SESSION_TTL_MS, type PortalContact } from './portal-auth.js';

/** Its own cookie, sent only to the portal pages and API: never a staff session, and staff cookies never count here. */
export const PORTAL_COOKIE = 'crm_portal';
const PATHS = ['/portal', '/api/portal'];

export function setPortalCookie(reply: FastifyReply, token: string) {
  for (const path of PATHS) reply.setCookie(PORTAL_COOKIE, token, { path, httpOnly: true, sameSite: 'lax', secure: process.env.CRM_COOKIE_SECURE === 'true', maxAge: PORTAL_SESSION_TTL_MS / 1000 });
}

export function clearPortalCookie(reply: FastifyReply) {
  for (const path of PATHS) reply.clearCookie(PORTAL_COOKIE, { path });
}

export const portalToken = (request: FastifyRequest) => request.cookies[PORTAL_COOKIE];

export async function requireContact(db: Kysely<Database>, request: FastifyRequest): Promise<PortalContact> {
  const contact = await contactFromToken(db, portalToken(request));
  if (!contact) throw new ApiError('unauthorized', 'sign in to the portal first');
  return contact;
}
