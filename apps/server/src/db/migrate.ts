import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { DatabaseHandle } from './connection.js';
import * as m001 from './migrations/001_core.js';
import * as m002 from './migrations/002_automation.js';
import * as m003 from './migrations/003_notifications.js';
import * as m004 from './migrations/004_imports.js';
import * as m005 from './migrations/005_backups.js';
import * as m006 from './migrations/006_duplicates.js';
import * as m007 from './migrations/007_audit_time_index.js';

/** Versioned migrations, in order. Kysely records applied ones and holds a lock, so re-running is safe. */
const migrations: Record<string, Migration> = {
  '001_core': m001,
  '002_automation': m002,
  '003_notifications': m003,
  '004_imports': m004,
  '005_backups': m005,
  '006_duplicates': m006,
  '007_audit_time_index': m007,
};

class CodeMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<void> {
  const migrator = new Migrator({
    db: handle.db,
    provider: new CodeMigrationProvider(),
    migrationTableSchema: handle.schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
