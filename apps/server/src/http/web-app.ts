import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';

/** Serves the built web app; unknown non-API paths get index.html so client-side routes work on reload. */
export async function registerWebApp(app: FastifyInstance, webDir: string) {
  await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return reply.status(404).send({ error: { code: 'not_found', message: `route ${request.method} ${request.url.split('?')[0]} not found`, details: [] } });
    }
    return reply.type('text/html').sendFile('index.html', join(webDir));
  });
}
