import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../http/errors.js';
import type { AccessContext } from './access.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the accounts module from the session cookie or API key; null when anonymous. */
    access: AccessContext | null;
  }
}

export function requireAccess(request: FastifyRequest): AccessContext {
  if (!request.access) throw new ApiError('unauthorized', 'log in or send an API key');
  return request.access;
}

export function requireAdmin(request: FastifyRequest): AccessContext {
  const access = requireAccess(request);
  if (!access.permissions.admin) throw new ApiError('forbidden', 'only administrators may do this');
  return access;
}
