import type { Migration } from 'kysely';
import { SERVICE_MAIL_MIGRATIONS } from '../modules/service-mail/migrations/index.js';
import { SERVICE_MIGRATIONS } from '../modules/service/migrations/index.js';
import { SERVICE_KB_MIGRATIONS } from '../modules/service-kb/migrations/index.js';
import { SERVICE_PORTAL_MIGRATIONS } from '../modules/service-portal/migrations/index.js';
import { SERVICE_CHAT_MIGRATIONS } from '../modules/service-chat/migrations/index.js';
import { SERVICE_SURVEYS_MIGRATIONS } from '../modules/service-surveys/migrations/index.js';
import { MARKETING_MIGRATIONS } from '../modules/marketing/migrations/index.js';
import { DATA_IMPORT_MIGRATIONS } from '../modules/data-import/migrations/index.js';
import { MARKETING_TRACKING_MIGRATIONS } from '../modules/marketing-tracking/migrations/index.js';
import { MARKETING_VALUE_MIGRATIONS } from '../modules/marketing-value/migrations/index.js';
import { MARKETING_SCORING_MIGRATIONS } from '../modules/marketing-scoring/migrations/index.js';
import { WEB_FORMS_MIGRATIONS } from '../modules/web-forms/migrations/index.js';

/**
 * Migrations that modules keep in their own folder (modules/<name>/migrations/index.ts, named
 * `<module>_NNN_…`). Listed here rather than on CrmModule so the migrator imports only migration
 * files, never a module's code (no import cycles, nothing started to migrate).
 */
export const MODULE_MIGRATIONS: Record<string, Migration> = {
  ...SERVICE_MIGRATIONS,
  ...SERVICE_MAIL_MIGRATIONS,
  ...SERVICE_KB_MIGRATIONS,
  ...MARKETING_MIGRATIONS,
  ...MARKETING_TRACKING_MIGRATIONS,
  ...MARKETING_VALUE_MIGRATIONS,
  ...MARKETING_SCORING_MIGRATIONS,
  ...SERVICE_PORTAL_MIGRATIONS,
  ...DATA_IMPORT_MIGRATIONS,
  ...SERVICE_CHAT_MIGRATIONS,
  ...SERVICE_SURVEYS_MIGRATIONS,
  ...WEB_FORMS_MIGRATIONS,
};
