import type { ImportPreviewRow, ObjectMetadata } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { readCompanyDefaults } from '../../engine/money/company-currency.js';
import { readUpload } from './file-store.js';
import { optionsOf, type ImportRow } from './import-store.js';
import { isRejected, loadUsers, prepareRow, rowContext } from './prepare-row.js';
import { readRows, type Cell } from './read-rows.js';

/** The first rows of a stored file (headers included), reading no further. */
export async function firstRows(db: Kysely<Database>, imp: Pick<ImportRow, 'id' | 'format' | 'encoding'>, count: number): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const cells of readRows(readUpload(db, imp.id), imp.format as 'csv' | 'xlsx', imp.encoding)) {
    rows.push(cells);
    if (rows.length >= count) break;
  }
  return rows;
}

/**
 * The first data rows as they will be stored with the current mapping (select labels turned into
 * option values, dates normalised, relations still as the text that will be looked up), or why
 * each would be rejected.
 */
export async function previewRows(db: Kysely<Database>, engine: Engine, imp: ImportRow, meta: ObjectMetadata, ctx: AccessContext, count = 10): Promise<ImportPreviewRow[]> {
  const rows = (await firstRows(db, imp, imp.header_rows + count)).slice(imp.header_rows);
  const rc = rowContext({ meta, mapping: imp.mapping, ctx, records: engine.records, users: await loadUsers(db) }, optionsOf(imp), await readCompanyDefaults(db));
  return rows.map((cells, i) => {
    const prepared = prepareRow(rc, i + 1, cells);
    const row = i + 1 + imp.header_rows;
    if (isRejected(prepared)) return { row, values: {}, error: prepared.reason };
    return { row, values: { ...prepared.values, ...prepared.links }, error: null, warning: prepared.warnings?.join(ctx.locale === 'en' ? '; ' : '；') ?? null };
  });
}
