#!/usr/bin/env node
// `npm start`: builds the web app and the server when their build is missing or older than the
// sources, then runs the server. `npm run demo` (--demo-only) loads demo data and exits.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';
import { serverNodeArgs } from './server-node-args.mjs';

const args = process.argv.slice(2);

buildIfStale('apps/web', ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'packages/schema/src'], join(root, 'apps/web/dist/index.html'));
buildIfStale('apps/server', ['apps/server/src', 'packages/schema/src'], join(root, 'apps/server/dist/main.js'));

const entry = args.includes('--demo-only') ? 'demo.js' : 'main.js';
const child = spawn(process.execPath, [...serverNodeArgs(), join(root, 'apps/server/dist', entry), ...args.filter((a) => a !== '--demo-only')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
