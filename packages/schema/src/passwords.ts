/** The password rule, shared by the server and the web forms (which show the same reasons in zh/en). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem = 'blank' | 'too_short' | 'too_long' | 'is_email' | 'common';

/** English reasons (API error details); the web app has its own zh-CN/en texts per problem. */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  blank: 'must not be only spaces',
  too_short: `at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `at most ${PASSWORD_MAX_LENGTH} characters`,
  is_email: 'must not be your e-mail address',
  common: 'is one of the most common passwords; choose another',
};

/**
 * Why a new password is refused, or null. `isCommon` checks the list of common passwords
 * (`@crm/schema/common-passwords`, kept separate because it is large: the web app loads it lazily).
 */
export function passwordProblem(password: string, options: { email?: string | null; isCommon?: (password: string) => boolean } = {}): PasswordProblem | null {
  if (!password.trim()) return 'blank';
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  const plain = password.trim().toLowerCase();
  const email = options.email?.trim().toLowerCase();
  if (email && (plain === email || plain === email.split('@')[0])) return 'is_email';
  if (options.isCommon?.(plain)) return 'common';
  return null;
}
