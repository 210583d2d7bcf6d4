#!/usr/bin/env node
// npm run bench -- [--db pglite|postgres|both] [--n 100000] [--duration 10] [--quick] [--reseed]
// Runs bench/bench.ts with tsx so it can use the server's own TypeScript code (seeding and SQL capture).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const build = spawnSync('npm', ['run', 'build', '-w', 'apps/server'], { cwd: join(here, '..'), stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'bench.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: join(here, '..') });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
