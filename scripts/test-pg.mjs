#!/usr/bin/env node
// Runs the server integration suite against a real PostgreSQL server.
// Fails when the database is unreachable, when any test fails, or when any test was skipped:
// CI must never pass without having exercised PostgreSQL.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  const { rows } = await client.query('SHOW server_version');
  console.log(`test:pg → PostgreSQL ${rows[0].server_version} at ${shown}`);
} catch (error) {
  console.error(`test:pg: cannot reach PostgreSQL at ${shown}: ${error.message}`);
  process.exit(1);
} finally {
  await client.end().catch(() => undefined);
}

const dir = mkdtempSync(join(tmpdir(), 'crm-test-pg-'));
const report = join(dir, 'report.json');
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--project', 'server', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url } },
);

let summary;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error('test:pg: vitest wrote no report');
  process.exit(result.status || 1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const skipped = summary.testResults.flatMap((file) =>
  file.assertionResults.filter((a) => a.status !== 'passed' && a.status !== 'failed').map((a) => `${file.name}: ${a.fullName} (${a.status})`),
);
if (result.status !== 0 || !summary.success) {
  console.error(`test:pg: FAILED (${summary.numFailedTests} failed tests, ${summary.numFailedTestSuites} failed files)`);
  process.exit(result.status || 1);
}
if (skipped.length || summary.numPendingTests || summary.numTodoTests) {
  console.error(`test:pg: FAILED: ${skipped.length || summary.numPendingTests + summary.numTodoTests} test(s) did not run:\n  ${skipped.join('\n  ')}`);
  process.exit(1);
}
if (!summary.numPassedTests) {
  console.error('test:pg: FAILED: no tests ran');
  process.exit(1);
}
console.log(`test:pg: ${summary.numPassedTests} tests passed on PostgreSQL`);
