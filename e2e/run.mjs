#!/usr/bin/env node
// `npm run test:e2e`: builds the app, starts it on a free port with a fresh embedded database,
// runs the browser specs (e2e/tests/*.e2e.ts, or those named on the command line) in Debian's
// Chromium, then stops the server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVitestStrict } from '../scripts/vitest-strict.mjs';
import { serverNodeArgs } from '../scripts/server-node-args.mjs';

const root = new URL('..', import.meta.url).pathname;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install it with: apt-get install -y chromium`);
  process.exit(1);
}

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  CRM_DATA_DIR: dataDir,
  CRM_BACKUP_DIR: join(dataDir, 'backups'),
  CRM_ADMIN_EMAIL: 'admin@example.com',
  CRM_ADMIN_PASSWORD: 'e2e-admin-password',
  LOG_LEVEL: 'warn',
  // The specs' mail and webhook receivers run on this machine.
  CRM_OUTBOUND_ALLOW: '127.0.0.1',
};
delete env.DATABASE_URL;
const server = spawn(process.execPath, [...serverNodeArgs(), join(root, 'apps/server/dist/main.js')], { env, stdio: ['ignore', 'inherit', 'inherit'] });

const baseUrl = `http://127.0.0.1:${port}`;
let code = 1;
try {
  // A server that dies is noticed at once (exitCode), so the limit only catches a hang: first start on a
  // loaded 2-core machine (demo data, migrations) took up to 115 s.
  await waitForHealth(baseUrl, 300_000);
  code = runVitestStrict('test:e2e', ['--project', 'e2e', ...process.argv.slice(2)], {
    ...process.env,
    E2E_BASE_URL: baseUrl,
    E2E_ADMIN_EMAIL: env.CRM_ADMIN_EMAIL,
    E2E_ADMIN_PASSWORD: env.CRM_ADMIN_PASSWORD,
    CHROMIUM_PATH: chromium,
  });
} catch (error) {
  console.error(error);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with code ${server.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become healthy in time');
}
