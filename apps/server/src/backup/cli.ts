/**
 * crm backup FILE | crm restore FILE [--force]
 * Uses the same configuration as the server (DATABASE_URL, or the embedded database in CRM_DATA_DIR).
 */
import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/connection.js';
import { createCrm } from '../server.js';
import { writeBackupFile } from './backup-files.js';
import { ArchiveError } from './read-archive.js';
import { restoreBackup, RestoreRefused } from './restore-backup.js';

const USAGE = `usage: npm run crm -- backup FILE
       npm run crm -- restore FILE [--force]

backup   writes all data, metadata, users/roles/teams and settings to FILE (gzip'd JSON lines)
restore  loads FILE into an empty install (PGlite or PostgreSQL); --force replaces existing data
Configuration as for the server: DATABASE_URL, or CRM_DATA_DIR (default ./data).`;

async function open(config: ReturnType<typeof loadConfig>, action: string, run: (handle: DatabaseHandle) => Promise<void>) {
  try {
    if (action === 'backup') {
      const handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
      try {
        await run(handle);
      } finally {
        await handle.close();
      }
    } else {
      // A restore needs the full schema of this app version (tables of every module).
      const crm = await createCrm({ database: config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir } });
      try {
        await run(crm.handle);
      } finally {
        await crm.close();
      }
    }
  } catch (error) {
    const owner = error instanceof Error ? /is in use by process (\d+)/.exec(error.message)?.[1] : undefined;
    if (owner) {
      const where = `the embedded database in ${config.dataDir} is in use by process ${owner} (a running server)`;
      throw new Error(
        action === 'backup'
          ? `${where}.\nBack it up through the server instead: Settings → 备份与恢复 (Backup & restore) → 立即备份 (Back up now), or POST /api/v1/admin/backups as an administrator; the archive is the same.`
          : `${where}.\nStop the server first: a restore needs the database to itself.`,
      );
    }
    throw error;
  }
}

async function main(args: string[]) {
  const [command, file, ...rest] = args;
  if (!['backup', 'restore'].includes(command ?? '') || !file) {
    console.log(USAGE);
    return command === 'help' || command === '--help' ? 0 : 2;
  }
  const config = loadConfig();
  const path = resolve(file);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded database in ${config.dataDir}`;
  if (command === 'backup') {
    await open(config, 'backup', async (handle) => {
      const started = Date.now();
      const { manifest, end } = await writeBackupFile(handle, path);
      console.log(`backed up ${end.rows} rows of ${manifest.tables.length} tables from ${where} to ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
    return 0;
  }
  if (!existsSync(path)) throw new Error(`no such file: ${path}`);
  await open(config, 'restore', async (handle) => {
    const { manifest, rows } = await restoreBackup(handle, () => createReadStream(path), { force: rest.includes('--force') });
    console.log(`restored ${rows} rows of ${manifest.tables.length} tables (backup of ${manifest.createdAt} from ${manifest.source}) into ${where}`);
  });
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const known = error instanceof RestoreRefused || error instanceof ArchiveError;
  console.error(`crm: ${known ? 'refused: ' : ''}${(error as Error).message}`);
  process.exitCode = 1;
}
