import type { Migration } from 'kysely';
import * as service001 from './service_001_tickets.js';
import * as serviceFlow001 from './service_flow_001_assignment.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const SERVICE_MIGRATIONS: Record<string, Migration> = {
  service_001_tickets: service001,
  service_flow_001_assignment: serviceFlow001,
};
