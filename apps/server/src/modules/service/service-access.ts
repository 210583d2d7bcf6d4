import { forbidden } from '../../http/errors.js';
import { scopeFor, type AccessContext } from '../../engine/permissions/access.js';

/**
 * Service settings (canned replies, SLA policies, the support calendar, group members) are
 * permission-matrix entries like objects: an admin, or a role with update scope 'all' on the
 * area (客服主管), manages them; whoever reads tickets reads them.
 */
export type ServiceArea = 'canned_replies' | 'sla_policies' | 'support_groups';

export function requireManage(access: AccessContext, area: ServiceArea) {
  if (access.permissions.admin || scopeFor(access, area, 'update') === 'all') return;
  throw forbidden(`you may not manage ${area}`);
}

export function requireTicketReader(access: AccessContext) {
  if (scopeFor(access, 'tickets', 'read') === 'none') throw forbidden('you may not read tickets');
}
