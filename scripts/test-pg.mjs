#!/usr/bin/env node
// Runs the server integration suite against a real PostgreSQL server.
// Fails when the database is unreachable, when any test fails, or when any test was skipped:
// CI must never pass without having exercised PostgreSQL.
import pg from 'pg';
import { runVitestStrict } from './vitest-strict.mjs';

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

process.exit(runVitestStrict('test:pg', ['--project', 'server', ...process.argv.slice(2)], { ...process.env, TEST_DATABASE_URL: url }));
