import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.js';

const dir = mkdtempSync(join(tmpdir(), 'crm-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded database folder lock', () => {
  it('refuses to open a folder another live process holds, and takes over once that process is gone', async () => {
    // Stand-in for a running server: a live process whose pid is in the lock file.
    const other = spawn('sleep', ['60']);
    writeFileSync(join(dir, 'crm.lock'), String(other.pid));
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(`in use by process ${other.pid}`);

    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    const handle = await openDatabase({ dataDir: dir });
    expect(existsSync(join(dir, 'crm.lock'))).toBe(true);
    await handle.close();
    expect(existsSync(join(dir, 'crm.lock'))).toBe(false);
  });
});
