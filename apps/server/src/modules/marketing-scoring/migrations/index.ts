import type { Migration } from 'kysely';
import * as marketingScoring001 from './marketing_scoring_001_rules.js';
import * as marketingScoring002 from './marketing_scoring_002_roles.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const MARKETING_SCORING_MIGRATIONS: Record<string, Migration> = {
  marketing_scoring_001_rules: marketingScoring001,
  marketing_scoring_002_roles: marketingScoring002,
};
