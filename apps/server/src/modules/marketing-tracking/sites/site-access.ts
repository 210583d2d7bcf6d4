import type { FastifyRequest } from 'fastify';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { scopeFor, type AccessContext } from '../../../engine/permissions/access.js';
import { forbidden } from '../../../http/errors.js';

/**
 * Tracked sites are a permission-matrix entry like an object (`tracking_sites`), as the service
 * settings are: scope 'all' to read sees the settings and the snippet (市场专员), scope 'all' to
 * update edits them (市场经理); administrators do both. A 'team' or 'own' scope reaches nothing:
 * sites have no owner.
 */
export const TRACKING_AREA = 'tracking_sites';

export const readsSites = (access: AccessContext) => access.permissions.admin || scopeFor(access, TRACKING_AREA, 'read') === 'all';
export const managesSites = (access: AccessContext) => access.permissions.admin || scopeFor(access, TRACKING_AREA, 'update') === 'all';

export function requireSiteReader(request: FastifyRequest): AccessContext {
  const access = requireAccess(request);
  if (!readsSites(access)) throw forbidden('you may not see the tracked sites');
  return access;
}

export function requireSiteManager(request: FastifyRequest): AccessContext {
  const access = requireAccess(request);
  if (!managesSites(access)) throw forbidden('you may not change the tracked sites');
  return access;
}
