import type { Migration } from 'kysely';
import * as kb001 from './service_kb_001_articles.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const SERVICE_KB_MIGRATIONS: Record<string, Migration> = {
  service_kb_001_articles: kb001,
};
