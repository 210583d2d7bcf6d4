import type { Migration } from 'kysely';
import * as batches001 from './data_import_batches_001_batches.js';
import * as index001 from './data_import_index_001_search_first.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const DATA_IMPORT_MIGRATIONS: Record<string, Migration> = {
  data_import_batches_001_batches: batches001,
  data_import_index_001_search_first: index001,
};
