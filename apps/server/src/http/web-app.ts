import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { relative, sep } from 'node:path';
import { sendRouteNotFound } from './errors.js';

/** Vite names every file under assets/ by its content hash: a changed file gets a new name. */
const HASHED_ASSETS = `assets${sep}`;

/**
 * Serves the built web app. Unknown GET paths outside /api get index.html so client-side routes
 * survive a reload; everything else gets the API's 404. The build writes .br/.gz copies of each
 * file; they are sent to browsers that accept them. Hashed assets are cached for a year,
 * index.html is revalidated on every load so a new release is picked up at once.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string) {
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, path) {
      const hashed = relative(webDir, path).startsWith(HASHED_ASSETS);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') return sendRouteNotFound(request, reply);
    return reply.type('text/html').sendFile('index.html');
  });
}
