import { createHash, randomBytes } from 'node:crypto';

export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Only hashes of session tokens and API keys are stored, so a database leak grants no access. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
