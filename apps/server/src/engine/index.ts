import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { registerAuditRoutes } from './audit/routes.js';
import { RecordHooks } from './hooks/hooks.js';
import { CustomFields } from './metadata/custom-fields.js';
import { MetadataRegistry } from './metadata/registry.js';
import { registerMetadataRoutes } from './metadata/routes.js';
import { syncObjectTables } from './metadata/table-sync.js';
import { RecordService } from './records/record-service.js';
import { RelatedRecords } from './records/related.js';
import { registerRecordRoutes } from './records/routes.js';

/** The generic record engine. It knows objects only through metadata that modules register. */
export interface Engine {
  metadata: MetadataRegistry;
  hooks: RecordHooks;
  records: RecordService;
  related: RelatedRecords;
  customFields: CustomFields;
}

export function createEngine(db: Kysely<Database>): Engine {
  const metadata = new MetadataRegistry(db);
  const hooks = new RecordHooks();
  const records = new RecordService(db, metadata, hooks);
  return { metadata, hooks, records, related: new RelatedRecords(db, metadata, records), customFields: new CustomFields(db, metadata) };
}

/** After modules registered their objects: create tables and load custom fields. */
export async function startEngine(engine: Engine, db: Kysely<Database>) {
  await syncObjectTables(db, engine.metadata.standardObjects());
  await engine.metadata.reload();
}

export function registerEngineRoutes(app: FastifyInstance, engine: Engine, db: Kysely<Database>) {
  registerMetadataRoutes(app, engine.metadata, engine.customFields);
  registerAuditRoutes(app, db);
  registerRecordRoutes(app, db, engine.records, engine.related);
}

export type { AccessContext } from './permissions/access.js';
export { SYSTEM_CONTEXT } from './permissions/access.js';
