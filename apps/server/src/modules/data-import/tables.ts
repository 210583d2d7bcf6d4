import type { ColumnType, Generated } from 'kysely';

type Json<T = unknown> = ColumnType<T, string, string>;

/** Tables of the data-import module kept in its own folder (merged into db/types.ts Database). */
export interface DataImportTables {
  import_batches: ImportBatchesTable;
}

export interface ImportBatchesTable {
  id: Generated<string>;
  created_by: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The files the batch means to import, in order: [{fileName, object}]. */
  files: Json<{ fileName: string; object: string }[]>;
  /** The batch's imports in the order they ran. */
  import_ids: Json<string[]>;
  status: Generated<string>;
  /** While undoing: the position of the import whose undo was started last (imports are undone last first). */
  undo_cursor: number | null;
  error: string | null;
  undone_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
