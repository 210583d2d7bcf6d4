import type { ObjectMetadata } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { recordExport } from '../../audit/audit.js';
import { requireScope, type AccessContext } from '../../permissions/access.js';
import type { EngineListParams, RecordService } from '../record-service.js';
import { visibleFields } from '../row-mapping.js';
import { exportColumns, lookupTitles, type Cell, type ExportColumn } from './columns.js';

/** Rows per keyset page: big enough that 1,000,000 rows are 1,000 queries, small enough for flat memory. */
const PAGE = 1000;

export type ExportFormat = 'csv' | 'xlsx';

export interface PreparedExport {
  meta: ObjectMetadata;
  columns: ExportColumn[];
  /** Pages of rows, read one keyset page at a time; the audit entry is written after the last one. */
  pages(): AsyncGenerator<Cell[][]>;
}

/**
 * An export of what the user's list shows: the same filter, search, sort and columns, limited by
 * both the read and the export scope in SQL, hidden fields never selected. The first page is read
 * here, so a bad filter or a missing permission is an error before any byte is sent.
 */
export async function prepareExport(db: Kysely<Database>, records: RecordService, object: string, params: EngineListParams, ctx: AccessContext, format: ExportFormat): Promise<PreparedExport> {
  const meta = await records.object(object);
  requireScope(ctx, object, 'export');
  const lang = ctx.locale.startsWith('zh') ? 'zh' : 'en';
  const query = { ...params, limit: PAGE, count: false, cursor: undefined };
  const first = await records.list(object, query, ctx, { alsoScope: 'export' });
  // System bookkeeping (version, deleted_at) means nothing in a spreadsheet.
  const fields = visibleFields(meta, ctx, params.fields?.split(',').map((s) => s.trim()).filter(Boolean)).filter(
    (f) => f.name !== 'deleted_at' && f.name !== 'version',
  );
  const columns = exportColumns(fields, lang);
  const nextPage = (cursor: string | null) => {
    if (!cursor) return null;
    const next = records.list(object, { ...query, cursor }, ctx, { alsoScope: 'export' });
    next.catch(() => undefined); // a client that stops reading leaves it unawaited
    return next;
  };
  async function* pages() {
    let page = first;
    let rows = 0;
    for (;;) {
      // The next page is read while this one is converted and sent (on PostgreSQL, in parallel).
      const next = nextPage(page.nextCursor);
      const titles = await lookupTitles(db, records.metadata, fields, page.data, ctx);
      rows += page.data.length;
      yield page.data.map((record) => columns.map((c) => c.value(record, titles)));
      if (!next) break;
      page = await next;
    }
    await recordExport(db, { object, actorId: ctx.userId, format, rows, filter: params.filter ?? null, q: params.q ?? null, sort: params.sort ?? null, fields: params.fields ?? null });
  }
  return { meta, columns, pages };
}
