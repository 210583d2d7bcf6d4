/**
 * A backup archive is one gzip'd JSON-lines file:
 *   {"manifest": {...}}                      format and app migration version, tables, columns, row counts
 *   {"t": "customers", "r": {...}}           one line per row, as PostgreSQL's to_jsonb(row)
 *   {"end": {"sha256": "…", "rows": N}}      checksum of every line before it (uncompressed)
 * Rows are written and loaded as PostgreSQL's own JSON (jsonb_populate_recordset), never parsed
 * into JavaScript numbers, so numeric values, timestamps and arrays come back exactly.
 */
export const ARCHIVE_FORMAT = 'crm-backup';
export const ARCHIVE_VERSION = 1;

export interface ArchiveTable {
  name: string;
  columns: { name: string; type: string }[];
  rows: number;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** Database kind it was taken from: pglite or postgres. */
  source: string;
  /** Applied migrations, in order; the last one is the app's schema version. */
  migrations: string[];
  tables: ArchiveTable[];
}

export interface ArchiveEnd {
  sha256: string;
  rows: number;
}

export const ROW_PREFIX = '{"t":"';
export const rowLine = (table: string, json: string) => `${ROW_PREFIX}${table}","r":${json}}\n`;

/** Table name and the row's JSON text of a row line, without parsing the row. */
export function splitRowLine(line: string): { table: string; json: string } | null {
  if (!line.startsWith(ROW_PREFIX) || !line.endsWith('}')) return null;
  const end = line.indexOf('","r":', ROW_PREFIX.length);
  if (end < 0) return null;
  return { table: line.slice(ROW_PREFIX.length, end), json: line.slice(end + 6, -1) };
}
