import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, splitRowLine, type ArchiveEnd, type Manifest } from './archive-format.js';

export class ArchiveError extends Error {}

/** Lines of a gzip'd archive, decompressed as they are read. */
async function* lines(source: Readable): AsyncGenerator<string> {
  const gunzip = source.pipe(createGunzip());
  source.on('error', (e) => gunzip.destroy(e));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      const text = rest + decoder.write(chunk as Buffer);
      const parts = text.split('\n');
      rest = parts.pop()!;
      yield* parts;
    }
  } catch (error) {
    throw new ArchiveError(`the archive is damaged or not gzip'd: ${(error as Error).message}`);
  }
  rest += decoder.end();
  if (rest) yield rest;
}

function parseManifest(line: string | undefined): Manifest {
  let manifest: Manifest | undefined;
  try {
    manifest = line ? (JSON.parse(line) as { manifest?: Manifest }).manifest : undefined;
  } catch {
    /* reported below */
  }
  if (!manifest || manifest.format !== ARCHIVE_FORMAT) throw new ArchiveError('not a CRM backup archive (no manifest on the first line)');
  if (manifest.formatVersion > ARCHIVE_VERSION) throw new ArchiveError(`archive format ${manifest.formatVersion} is newer than this app reads (${ARCHIVE_VERSION}); upgrade the app first`);
  return manifest;
}

/**
 * Reads the whole archive once without writing anything: manifest, every row line, the end line
 * and its checksum, and the row count of every table. Any damage is an ArchiveError.
 */
export async function verifyArchive(source: Readable): Promise<Manifest> {
  const hash = createHash('sha256');
  let manifest: Manifest | undefined;
  let end: ArchiveEnd | undefined;
  const counts = new Map<string, number>();
  for await (const line of lines(source)) {
    if (end) throw new ArchiveError('the archive has data after its end line');
    if (!manifest) {
      manifest = parseManifest(line);
      hash.update(`${line}\n`);
      continue;
    }
    const row = splitRowLine(line);
    if (row) {
      counts.set(row.table, (counts.get(row.table) ?? 0) + 1);
      hash.update(`${line}\n`);
      continue;
    }
    try {
      end = (JSON.parse(line) as { end?: ArchiveEnd }).end;
    } catch {
      /* reported below */
    }
    if (!end) throw new ArchiveError(`unreadable line after ${[...counts.values()].reduce((a, b) => a + b, 0)} rows`);
  }
  if (!manifest) throw new ArchiveError('the archive is empty');
  if (!end) throw new ArchiveError('the archive is truncated (no end line)');
  if (hash.digest('hex') !== end.sha256) throw new ArchiveError('checksum mismatch: the archive was changed or damaged');
  for (const t of manifest.tables) {
    if ((counts.get(t.name) ?? 0) !== t.rows) throw new ArchiveError(`table ${t.name}: the manifest lists ${t.rows} rows, the archive holds ${counts.get(t.name) ?? 0}`);
  }
  return manifest;
}

/** The manifest, then batches of row JSON per table in archive order (for loading after verifyArchive). */
export async function* archiveBatches(source: Readable, batch: number): AsyncGenerator<{ table: string; rows: string[] }> {
  let first = true;
  let current: { table: string; rows: string[] } | null = null;
  for await (const line of lines(source)) {
    if (first) {
      first = false;
      continue;
    }
    const row = splitRowLine(line);
    if (!row) continue;
    if (current && (current.table !== row.table || current.rows.length >= batch)) {
      yield current;
      current = null;
    }
    current ??= { table: row.table, rows: [] };
    current.rows.push(row.json);
  }
  if (current) yield current;
}
