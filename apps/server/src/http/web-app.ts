import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendRouteNotFound } from './errors.js';

/**
 * Serves the built web app. Unknown GET paths outside /api get index.html so client-side routes
 * survive a reload; everything else gets the API's 404.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string) {
  await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') return sendRouteNotFound(request, reply);
    return reply.type('text/html').sendFile('index.html');
  });
}
