import type { ImportOptions, ImportSummary } from '@crm/schema';
import { importOptionsSchema } from '@crm/schema';
import type { Selectable } from 'kysely';
import { ApiError } from '../../http/errors.js';
import type { ImportsTable } from '../../db/types.js';

export type ImportRow = Selectable<ImportsTable>;

export function optionsOf(row: ImportRow): ImportOptions {
  return importOptionsSchema.parse(row.options ?? {});
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The API shape of an import. */
export function toSummary(row: ImportRow): ImportSummary {
  return {
    id: row.id,
    object: row.object,
    status: row.status as ImportSummary['status'],
    fileName: row.file_name,
    format: row.format as ImportSummary['format'],
    encoding: row.encoding,
    fileSize: Number(row.file_size),
    headers: row.headers,
    mapping: row.mapping,
    options: optionsOf(row),
    validated: row.validated,
    totalRows: row.total_rows,
    validatedRows: row.validated_rows,
    doneRows: row.checkpoint,
    created: row.created_count,
    updated: row.updated_count,
    skipped: row.skipped_count,
    rejected: row.rejected_count,
    placeholders: row.placeholder_count,
    links: row.link_stats ?? null,
    warnings: row.warning_count,
    error: row.error,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    finishedAt: iso(row.finished_at),
    undoneAt: iso(row.undone_at),
    indexing: row.status === 'done' && row.index_status ? indexingOf(row) : null,
  };
}

/** The deferred pass's progress: search terms first (then `searchable`), then match keys; `done` counts the current phase. */
function indexingOf(row: ImportRow): NonNullable<ImportSummary['indexing']> {
  const searchable = row.index_status === 'done' || row.searched_at !== null;
  return { status: row.index_status as 'pending' | 'done', searchable, done: searchable ? row.indexed_rows : row.searched_rows, total: row.created_count };
}

/** Settings change only before anything is written. */
export function assertEditable(imp: ImportRow) {
  if (!['uploaded', 'validated', 'failed'].includes(imp.status)) throw new ApiError('conflict', `the import is ${imp.status}`, [{ path: 'status', message: 'can no longer be changed' }]);
  // A failed run that wrote some batches keeps its settings: run it again to resume, or undo it.
  if (imp.checkpoint > 0) throw new ApiError('conflict', 'the import has written rows already; run it again to resume, or undo it', [{ path: 'status', message: 'partly written' }]);
}
