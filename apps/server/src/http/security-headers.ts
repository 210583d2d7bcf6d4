import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Fits the built web app: bundled scripts only; antd writes inline styles; images may be data:/blob: URLs. */
const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Helmet's headers for pages other sites may show in a frame (the web-form hosted page, its embed
 * script, the page after a plain form post): any ancestor, loadable cross-origin, and a form that
 * may go on to the form's redirect URL on another site.
 */
export const EMBEDDABLE_HEADERS = {
  contentSecurityPolicy: { useDefaults: false, directives: { ...directives, frameAncestors: ['*'], formAction: null } },
  frameguard: false,
  crossOriginResourcePolicy: { policy: 'cross-origin' },
} as const;

/**
 * Security headers on every response: CSP, X-Frame-Options DENY, nosniff, Referrer-Policy
 * (strict-origin-when-cross-origin: record URLs never leave the install), HSTS only over HTTPS.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }) {
  const config: FastifyHelmetOptions = {
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: options.https ? { maxAge: 31_536_000 } : false,
  };
  await app.register(helmet, config);
}
