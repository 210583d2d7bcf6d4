#!/usr/bin/env node
// `npm start`: builds the web app and the server when their build is missing or older than the
// sources, then runs the server. `npm run demo` (--demo-only) loads demo data and exits.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIfStale(name, sources, output) {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const changed = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (built >= changed) return;
  console.log(`building ${name}…`);
  const result = spawnSync('npm', ['run', 'build', '-w', name], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

buildIfStale('apps/web', ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'packages/schema/src'], join(root, 'apps/web/dist/index.html'));
buildIfStale('apps/server', ['apps/server/src', 'packages/schema/src'], join(root, 'apps/server/dist/main.js'));

const entry = args.includes('--demo-only') ? 'demo.js' : 'main.js';
const child = spawn(process.execPath, [join(root, 'apps/server/dist', entry), ...args.filter((a) => a !== '--demo-only')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
