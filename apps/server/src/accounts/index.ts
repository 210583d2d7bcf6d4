import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { addApiPaths } from '../http/openapi.js';
import { registerAdminRoutes } from './admin-routes.js';
import { registerAuth, type AuthOptions } from './auth-routes.js';
import { ensureBuiltinRoles } from './bootstrap.js';
import { registerPasswordReset } from './password-reset.js';
import { ACCOUNT_PATHS } from './openapi-paths.js';

/** Users, teams, roles, sessions and API keys; sets request.access for the engine. */
export async function registerAccounts(app: FastifyInstance, db: Kysely<Database>, options: AuthOptions & { publicUrl?: string }) {
  await ensureBuiltinRoles(db);
  await registerAuth(app, db, options);
  registerPasswordReset(app, db, options);
  registerAdminRoutes(app, db);
  addApiPaths(ACCOUNT_PATHS);
}
