import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Public endpoints meant to be called from other sites (the web-form embed), without cookies. */
const CROSS_SITE_PATHS = ['/api/v1/public/'];

/**
 * Whether an unsafe request may come from where it says it comes from. A browser names the page
 * that sent it: Sec-Fetch-Site (computed by the browser itself), else Origin, which must be this
 * server (CRM_PUBLIC_URL, or the Host the request reached). A request with neither header is not
 * from a browser page (curl, scripts, server-side tests): cookies alone are not forgeable there.
 * The same rule as Go's net/http CrossOriginProtection.
 */
export function isSameOriginRequest(request: Pick<FastifyRequest, 'headers' | 'protocol' | 'host'>, publicUrl?: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'same-origin' || site === 'none') return true;
  const origin = request.headers.origin;
  if (!origin) return site === undefined;
  const own = [`${request.protocol}://${request.host}`, publicUrl && new URL(publicUrl).origin].filter(Boolean);
  return own.includes(origin);
}

/**
 * CSRF protection for cookie-authenticated writes: SameSite=Lax alone lets a foreign page post
 * `text/plain` bodies with the session cookie to same-site hosts and older browsers. API-key calls
 * (a foreign page cannot set Authorization) and the public web-form endpoint are exempt.
 */
export function registerSameOriginCheck(app: FastifyInstance, publicUrl?: string) {
  app.addHook('onRequest', async (request) => {
    if (!UNSAFE.has(request.method) || !request.url.startsWith('/api/')) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    if (CROSS_SITE_PATHS.some((p) => request.url.startsWith(p))) return;
    if (!isSameOriginRequest(request, publicUrl)) {
      throw new ApiError('forbidden', 'cross-site request refused: the Origin is not this server', [{ path: 'origin', message: 'must be this server' }]);
    }
  });
}
