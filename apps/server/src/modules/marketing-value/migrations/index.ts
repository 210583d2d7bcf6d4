import type { Migration } from 'kysely';
import * as marketingValue001 from './marketing_value_001_tables.js';
import * as marketingValue002 from './marketing_value_002_roles.js';
import * as marketingValue003 from './marketing_value_003_coupon_issues.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const MARKETING_VALUE_MIGRATIONS: Record<string, Migration> = {
  marketing_value_001_tables: marketingValue001,
  marketing_value_002_roles: marketingValue002,
  marketing_value_003_coupon_issues: marketingValue003,
};
