import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { DatabaseHandle } from '../db/connection.js';
import { writeBackup } from './write-backup.js';

const NAME = /^crm-backup-\d{8}-\d{6}(-\d+)?\.jsonl\.gz$/;

export interface BackupFile {
  name: string;
  size: number;
  createdAt: string;
}

/** Where backups go unless Settings name a folder: CRM_BACKUP_DIR, else ./backups. */
export function defaultBackupFolder(): string {
  return resolve(process.env.CRM_BACKUP_DIR ?? 'backups');
}

/**
 * Folders the settings may name: CRM_BACKUP_DIR (or ./backups) and the comma-separated
 * CRM_BACKUP_ROOTS, each with its sub-folders; never /etc or another place the server can write to.
 */
export function backupRoots(): string[] {
  const extra = (process.env.CRM_BACKUP_ROOTS ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  return [defaultBackupFolder(), ...extra.map((r) => resolve(r))];
}

export function isAllowedBackupFolder(folder: string): boolean {
  const target = resolve(folder);
  return backupRoots().some((root) => {
    const rel = relative(root, target);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
}

export const isBackupName = (name: string) => NAME.test(name);
/** crm-backup-20261123-030000-2 sorts after crm-backup-20261123-030000 (a second archive in the same second). */
const order = (name: string) => {
  const [, stamp, n] = /^crm-backup-(\d{8}-\d{6})(?:-(\d+))?/.exec(name)!;
  return `${stamp}-${(n ?? '1').padStart(6, '0')}`;
};

/** Writes an archive to `file` (gzip'd); a half-written file never keeps the final name. */
export async function writeBackupFile(handle: DatabaseHandle, file: string) {
  const partial = `${file}.partial`;
  const lines = new PassThrough();
  const writing = pipeline(lines, createGzip(), createWriteStream(partial));
  try {
    const result = await writeBackup(handle, lines);
    lines.end();
    await writing;
    await rename(partial, file);
    return result;
  } catch (error) {
    lines.destroy();
    await writing.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

/** A new archive in the folder, named by the time (crm-backup-20261123-030000.jsonl.gz). */
export async function createBackupFile(handle: DatabaseHandle, folder: string): Promise<BackupFile> {
  await mkdir(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let name = `crm-backup-${stamp}.jsonl.gz`;
  for (let i = 2; (await stat(join(folder, name)).catch(() => null)) !== null; i++) name = `crm-backup-${stamp}-${i}.jsonl.gz`;
  await writeBackupFile(handle, join(folder, name));
  const info = await stat(join(folder, name));
  return { name, size: info.size, createdAt: info.mtime.toISOString() };
}

/** The archives in the folder, newest first. */
export async function listBackups(folder: string): Promise<BackupFile[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const files = await Promise.all(
    names.filter(isBackupName).map(async (name) => {
      const info = await stat(join(folder, name));
      return { name, size: info.size, createdAt: info.mtime.toISOString() };
    }),
  );
  return files.sort((a, b) => order(b.name).localeCompare(order(a.name)));
}

/** Keeps the newest `keep` archives and deletes older ones (only files named like ours). */
export async function pruneBackups(folder: string, keep: number): Promise<string[]> {
  const old = (await listBackups(folder)).slice(keep).map((f) => f.name);
  for (const name of old) await rm(join(folder, name), { force: true });
  return old;
}
