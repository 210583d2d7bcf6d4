import type { Migration } from 'kysely';
import * as chat001 from './service_chat_001_chat.js';
import * as chat002 from './service_chat_002_routing.js';

/** This module's migrations, collected by db/module-migrations.ts. Imports nothing but Kysely. */
export const SERVICE_CHAT_MIGRATIONS: Record<string, Migration> = {
  service_chat_001_chat: chat001,
  service_chat_002_routing: chat002,
};
