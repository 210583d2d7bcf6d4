import type { Migration } from 'kysely';
import * as mail001 from './service_mail_001_mailbox.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const SERVICE_MAIL_MIGRATIONS: Record<string, Migration> = {
  service_mail_001_mailbox: mail001,
};
