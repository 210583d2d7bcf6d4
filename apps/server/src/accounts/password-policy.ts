import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '@crm/schema';
import { isCommonPassword } from '@crm/schema/common-passwords';
import { badRequest } from '../http/errors.js';

/** The reason a new password is refused (see @crm/schema passwordProblem), or null. */
export function newPasswordProblem(password: string, email?: string | null): string | null {
  const problem = passwordProblem(password, { email, isCommon: isCommonPassword });
  return problem && PASSWORD_PROBLEM_MESSAGES[problem];
}

/** Refuses a weak new password with a 400 naming the field. */
export function checkNewPassword(password: string, email: string | null | undefined, path = 'password') {
  const problem = newPasswordProblem(password, email);
  if (problem) throw badRequest(`invalid ${path}: ${problem}`, [{ path, message: problem }]);
}
