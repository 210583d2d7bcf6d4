#!/usr/bin/env node
// `npm run crm -- backup FILE` / `npm run crm -- restore FILE [--force]` (or the installed `crm` command):
// builds the server if needed, then runs its command-line tool with the server's configuration.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';

buildIfStale('apps/server', ['apps/server/src', 'packages/schema/src'], join(root, 'apps/server/dist/backup/cli.js'));
const child = spawn(process.execPath, [join(root, 'apps/server/dist/backup/cli.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
