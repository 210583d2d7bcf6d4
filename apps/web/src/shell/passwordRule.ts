import { passwordProblem } from '@crm/schema';
import type { TFunction } from 'i18next';

/** The list of common passwords is large: loaded on the first check only. */
let common: Promise<(password: string) => boolean> | undefined;
const loadCommon = () => (common ??= import('@crm/schema/common-passwords').then((m) => m.isCommonPassword));

/**
 * The server's password rule as an antd form rule (same reasons, in the user's language). An
 * empty field passes here: whether the password is required is the form's own rule.
 */
export function newPasswordRule(t: TFunction, email?: () => string | null | undefined) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value) return;
      const problem = passwordProblem(value, { email: email?.(), isCommon: await loadCommon() });
      if (problem) throw new Error(t(`password.problem.${problem}`));
    },
  };
}
