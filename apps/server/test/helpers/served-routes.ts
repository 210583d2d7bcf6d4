import type { FastifyInstance } from 'fastify';

export interface ServedRoute {
  method: string;
  /** In OpenAPI form: /api/v1/{object}/{id}. */
  path: string;
}

/**
 * Every route the app serves, read from Fastify's route tree (printRoutes): each line is a path
 * chunk below its parent's, indented four characters a level, with its methods in brackets.
 */
export function servedRoutes(app: FastifyInstance): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ├└─]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match || !match[2].trim()) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, path });
  }
  return routes;
}
