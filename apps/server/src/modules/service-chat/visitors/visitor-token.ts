import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../../http/errors.js';

const sign = (secret: string, id: string) => createHmac('sha256', secret).update(`chat-visitor:${id}`).digest('base64url');

/** A new visitor: a random id and its signature, kept by the widget in the visitor's localStorage. */
export function newVisitorToken(secret: string): { visitorId: string; token: string } {
  const visitorId = randomBytes(16).toString('base64url');
  return { visitorId, token: `${visitorId}.${sign(secret, visitorId)}` };
}

/** The visitor id of a token this install signed; 401 for anything else (a guessed or forged id). */
export function visitorIdOf(secret: string, token: unknown): string {
  const match = typeof token === 'string' ? /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (match) {
    const expected = Buffer.from(sign(secret, match[1]));
    const given = Buffer.from(match[2]);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return match[1];
  }
  throw new ApiError('unauthorized', 'invalid visitor token', [{ path: 'visitor', message: 'must be the token this chat issued' }]);
}
