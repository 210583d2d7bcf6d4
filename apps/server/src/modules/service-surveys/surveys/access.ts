import { scopeFor, type AccessContext } from '../../../engine/permissions/access.js';
import { forbidden } from '../../../http/errors.js';

/**
 * `surveys` is a permission-matrix entry like the service settings: whoever may read it sees surveys
 * and their results (客服专员), an admin or a role with update scope 'all' runs them (客服主管).
 */
export function requireSurveyReader(access: AccessContext) {
  if (!access.permissions.admin && scopeFor(access, 'surveys', 'read') === 'none') throw forbidden('you may not read surveys');
}

export const managesSurveys = (access: AccessContext) => access.permissions.admin || scopeFor(access, 'surveys', 'update') === 'all';

export function requireSurveyManager(access: AccessContext) {
  if (!managesSurveys(access)) throw forbidden('you may not manage surveys');
}
