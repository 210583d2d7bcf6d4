import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { DatabaseHandle } from './connection.js';
import * as m001 from './migrations/001_core.js';
import * as m004 from './migrations/004_imports.js';

/** Versioned migrations, in order. Kysely records applied ones and holds a lock, so re-running is safe. */
const migrations: Record<string, Migration> = {
  '001_core': m001,
  '004_imports': m004,
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
