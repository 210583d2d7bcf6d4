import { afterAll } from 'vitest';
import { forgetAccessContexts } from '../../src/accounts/access-context.js';
import { forgetBlockingRules } from '../../src/modules/duplicates/block-duplicates.js';

/**
 * Runs before each server test file. The server project shares one worker process between files
 * (isolate: false, so the server's modules load once per worker, not once per file): what a file
 * sets for itself at process level (its env settings such as CRM_BACKUP_DIR or AUTOMATION_SCAN_MS,
 * the process-wide caches) is put back once the file is done, so the next file starts as if alone.
 */
const env = { ...process.env };

afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  forgetAccessContexts();
  forgetBlockingRules();
});
