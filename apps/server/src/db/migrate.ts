import { Migrator, sql, type DatabaseIntrospector, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './types.js';
import type { DatabaseHandle } from './connection.js';
import * as m001 from './migrations/001_core.js';
import * as m002 from './migrations/002_automation.js';
import * as m003 from './migrations/003_notifications.js';
import * as m004 from './migrations/004_imports.js';
import * as m005 from './migrations/005_backups.js';
import * as m006 from './migrations/006_duplicates.js';
import * as m007 from './migrations/007_audit_time_index.js';
import * as m008 from './migrations/008_web_forms.js';
import * as m009 from './migrations/009_pipelines_targets.js';
import * as m010 from './migrations/010_company_settings.js';
import * as m011 from './migrations/011_sales_reports.js';
import * as m013 from './migrations/013_duplicate_groups.js';
import * as m014 from './migrations/014_catalogue_read.js';
import * as m015 from './migrations/015_company_currency.js';
import * as m016 from './migrations/016_duplicate_rule_block.js';
import * as m017 from './migrations/017_account_security.js';
import * as m024 from './migrations/024_company_bank.js';
import * as m025 from './migrations/025_import_templates.js';
import * as m028 from './migrations/028_external_ids.js';
import { MODULE_MIGRATIONS } from './module-migrations.js';
import * as m033 from './migrations/033_import_deferred_index.js';
import * as m030 from './migrations/030_import_warnings.js';
import * as m031 from './migrations/031_user_invitation.js';
import * as m035 from './migrations/035_company_phone_region.js';

/** Versioned migrations, in order. Kysely records applied ones and holds a lock, so re-running is safe. */
const migrations: Record<string, Migration> = {
  '001_core': m001,
  '002_automation': m002,
  '003_notifications': m003,
  '004_imports': m004,
  '005_backups': m005,
  '006_duplicates': m006,
  '007_audit_time_index': m007,
  '008_web_forms': m008,
  '009_pipelines_targets': m009,
  '010_company_settings': m010,
  '011_sales_reports': m011,
  '013_duplicate_groups': m013,
  '014_catalogue_read': m014,
  '015_company_currency': m015,
  '016_duplicate_rule_block': m016,
  '017_account_security': m017,
  '024_company_bank': m024,
  '025_import_templates': m025,
  '028_external_ids': m028,
  ...MODULE_MIGRATIONS,
  '033_import_deferred_index': m033,
  '030_import_warnings': m030,
  '031_user_invitation': m031,
  '035_company_phone_region': m035,
};

class CodeMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<void> {
  const migrator = new Migrator({
    db: withSchemaIntrospection(handle.db, handle.schema),
    provider: new CodeMigrationProvider(),
    migrationTableSchema: handle.schema,
    // Capabilities are built on parallel branches, each with its own migration number: a database
    // that already ran a later number still gets an earlier one merged after it (each stands alone).
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/**
 * Kysely's migrator asks whether its tables exist by introspecting every table of every schema,
 * by schema name. On a shared PostgreSQL server a schema dropped meanwhile (another install's, or
 * a parallel test's) makes that query fail with "schema … does not exist"; and a server with many
 * schemas makes it slow. The migrator needs only the names of the tables in its own schema.
 */
function withSchemaIntrospection(db: Kysely<Database>, schema: string): Kysely<Database> {
  const all = db.introspection;
  const getTables = async () => {
    const rows = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = ${schema}`.execute(db);
    return rows.rows.map((row) => ({ name: row.name, schema, isView: false, isForeign: false, columns: [] }));
  };
  const introspection: DatabaseIntrospector = {
    getSchemas: () => all.getSchemas(),
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value = Reflect.get(target, property, target);
      // Kysely keeps its state in private fields, which only the real instance can read.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
