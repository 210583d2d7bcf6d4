import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createCrm } from '../../src/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, table-synced PGlite data folder (tarball) each test file starts from. */
    pgliteTemplate: string | null;
  }
}

/**
 * Runs once per test run: builds the database every test file would otherwise build from scratch
 * (PGlite initdb, migrations, object tables, built-in roles) and dumps it, so each file's
 * startTestCrm() loads it in a fraction of the time. Built on a PostgreSQL run too: the tests of a
 * PGlite data folder (restart, kill -9, backup) start from it there as well.
 */
export default async function setup(project: TestProject) {
  const crm = await createCrm({ database: {} });
  const dump = await crm.handle.dump!();
  await crm.close();
  const file = join(tmpdir(), `crm-test-template-${process.pid}-${Date.now()}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(file, { force: true });
}
