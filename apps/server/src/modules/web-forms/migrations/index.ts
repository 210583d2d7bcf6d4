import type { Migration } from 'kysely';
import * as webForms001 from './web_forms_001_campaign.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const WEB_FORMS_MIGRATIONS: Record<string, Migration> = {
  web_forms_001_campaign: webForms001,
};
