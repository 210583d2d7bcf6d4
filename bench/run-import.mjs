#!/usr/bin/env node
// npm run bench:import -- [--db postgres|pglite] [--n 1000000]: builds the server, then runs bench/import.ts.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const build = spawnSync('npm', ['run', 'build', '-w', 'apps/server'], { cwd: join(here, '..'), stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'import.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: join(here, '..') });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
