import { dictionary } from '@zxcvbn-ts/language-common';

/** About 49,000 of the most used passwords (the zxcvbn-ts project's list), lower-case. */
const COMMON = new Set(dictionary['passwords-common'] as string[]);

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.trim().toLowerCase());
}
