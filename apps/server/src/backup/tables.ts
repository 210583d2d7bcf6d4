import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';

/**
 * Tables never backed up: migration bookkeeping (the target has its own), login sessions and
 * failed-login counters and password reset links (short-lived, and restoring sessions would log
 * people in), the outbox
 * (events of changes already made; restoring it would fire them again). pg-boss lives in its own
 * schema and is not seen at all. Everything else in the app's schema is data.
 */
export const TRANSIENT_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'sessions', 'login_failures', 'password_resets', 'password_reset_requests', 'outbox']);

export interface TableInfo {
  name: string;
  columns: { name: string; type: string }[];
  /** Columns referencing the same table (teams.parent_id): loaded null first, set afterwards. */
  selfReferences: string[];
  /** Columns filled from a sequence (bigserial ids), whose sequence is reset after a restore. */
  serialColumns: string[];
  primaryKey: string[];
}

/** The data tables of the app's schema, discovered from the catalog, parents before children. */
export async function discoverTables(db: Kysely<Database>, schema: string): Promise<TableInfo[]> {
  const { rows: columns } = await sql<{ table: string; column: string; type: string; serial: boolean }>`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false) AS serial
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p')
    ORDER BY c.relname, a.attnum`.execute(db);
  const { rows: keys } = await sql<{ table: string; target: string; column: string; type: string }>`
    SELECT c.relname AS table, t.relname AS target, a.attname AS column, k.contype AS type
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_class t ON t.oid = k.confrelid
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)
    WHERE n.nspname = ${schema} AND k.contype IN ('f', 'p')`.execute(db);

  const tables = new Map<string, TableInfo>();
  const parents = new Map<string, Set<string>>();
  for (const c of columns) {
    if (TRANSIENT_TABLES.has(c.table)) continue;
    const table = tables.get(c.table) ?? { name: c.table, columns: [], selfReferences: [], serialColumns: [], primaryKey: [] };
    table.columns.push({ name: c.column, type: c.type });
    if (c.serial) table.serialColumns.push(c.column);
    tables.set(c.table, table);
    parents.set(c.table, parents.get(c.table) ?? new Set());
  }
  for (const k of keys) {
    const table = tables.get(k.table);
    if (!table) continue;
    if (k.type === 'p') table.primaryKey.push(k.column);
    else if (k.target === k.table) table.selfReferences.push(k.column);
    else if (tables.has(k.target)) parents.get(k.table)!.add(k.target);
  }
  return dependencyOrder([...tables.values()], parents);
}

function dependencyOrder(tables: TableInfo[], parents: Map<string, Set<string>>): TableInfo[] {
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (table: TableInfo, path: Set<string>) => {
    if (done.has(table.name) || path.has(table.name)) return;
    path.add(table.name);
    for (const parent of [...(parents.get(table.name) ?? [])].sort()) visit(tables.find((t) => t.name === parent)!, path);
    done.add(table.name);
    out.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, new Set());
  return out;
}
