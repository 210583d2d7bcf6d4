import type { Migration } from 'kysely';
import * as portal001 from './service_portal_001_portal.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const SERVICE_PORTAL_MIGRATIONS: Record<string, Migration> = {
  service_portal_001_portal: portal001,
};
