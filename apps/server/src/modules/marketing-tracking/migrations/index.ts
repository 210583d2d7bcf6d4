import type { Migration } from 'kysely';
import * as tracking001 from './marketing_tracking_001_tables.js';
import * as tracking002 from './marketing_tracking_002_roles_links.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const MARKETING_TRACKING_MIGRATIONS: Record<string, Migration> = {
  marketing_tracking_001_tables: tracking001,
  marketing_tracking_002_roles_links: tracking002,
};
