import type { Migration } from 'kysely';
import * as surveys001 from './service_surveys_001_surveys.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const SERVICE_SURVEYS_MIGRATIONS: Record<string, Migration> = {
  service_surveys_001_surveys: surveys001,
};
