import type { Migration } from 'kysely';
import * as marketing001 from './marketing_001_segment_members.js';
import * as marketing002 from './marketing_002_roles.js';
import * as marketing003 from './marketing_003_campaign_roles.js';
import * as marketing004 from './marketing_004_email.js';
import * as marketing005 from './marketing_005_lead_recipients.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const MARKETING_MIGRATIONS: Record<string, Migration> = {
  marketing_001_segment_members: marketing001,
  marketing_002_roles: marketing002,
  marketing_003_campaign_roles: marketing003,
  marketing_004_email: marketing004,
  marketing_005_lead_recipients: marketing005,
};
