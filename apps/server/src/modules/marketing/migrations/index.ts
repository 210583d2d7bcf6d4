import type { Migration } from 'kysely';
import * as marketing001 from './marketing_001_segment_members.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const MARKETING_MIGRATIONS: Record<string, Migration> = {
  marketing_001_segment_members: marketing001,
};
