import { z } from 'zod';

/** Data import (CSV/XLSX): what the mapping step sends and what an import looks like. */
/** name_company needs a `company` text field, external_id an `external_id` field: each object offers only the keys its fields allow. */
export const DEDUPE_KEYS = ['email', 'phone', 'name_company', 'name', 'external_id'] as const;
export type DedupeKey = (typeof DEDUPE_KEYS)[number];
export const DEDUPE_POLICIES = ['skip', 'update', 'create'] as const;

export const importOptionsSchema = z
  .object({
    /** What to do with a row matching an existing record on any of the keys. */
    dedupe: z
      .object({
        policy: z.enum(DEDUPE_POLICIES).default('skip'),
        keys: z.array(z.enum(DEDUPE_KEYS)).max(DEDUPE_KEYS.length).default([]),
      })
      .default({ policy: 'skip', keys: [] }),
    /** A relation cell naming a record that does not exist creates it (otherwise the row is rejected). */
    createMissingRelations: z.boolean().default(false),
    /** Owner of created records when no column gives one; the importing user by default. */
    ownerId: z.uuid().nullable().optional(),
    /**
     * Value mapping of select, owner/user and relation columns: field → file value → what is stored
     * (an option value, a user id, a record id or name), null for "leave empty".
     */
    values: z.record(z.string().min(1).max(60), z.record(z.string().max(500), z.string().max(500).nullable())).default({}),
    /** The CSV's text encoding as the user chose it (utf-8, gb18030, big5, shift_jis, windows-1252…), overriding the detected one. */
    encoding: z.string().trim().min(1).max(40).optional(),
    /** Field → value for every row that has none from the file (a pipeline, a lost reason, an owner), as the API takes it. */
    constants: z.record(z.string().min(1).max(60), z.unknown()).default({}),
    /** Country (ISO 3166 alpha-2) whose national format phone cells without a +country code are read in; CN by default. */
    phoneRegion: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be an ISO country code such as US').optional(),
    /** A phone cell that is no phone number rejects the row; by default it is kept as entered, with a warning. */
    strictPhones: z.boolean().default(false),
    /** Currency (ISO 4217) of amount cells that name none; the company currency by default. A mapped currency column wins. */
    currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD').optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof importOptionsSchema>;

/** Field name → column index (0-based). One column may feed several fields. */
export const importMappingSchema = z.record(z.string().min(1).max(60), z.number().int().min(0).max(1000));

export const importSettingsSchema = z
  .object({ mapping: importMappingSchema.optional(), options: importOptionsSchema.optional() })
  .strict();

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'running' | 'done' | 'failed' | 'undoing' | 'undone';

export interface ImportSummary {
  id: string;
  object: string;
  status: ImportStatus;
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  fileSize: number;
  headers: string[];
  mapping: Record<string, number>;
  options: ImportOptions;
  validated: boolean;
  totalRows: number | null;
  validatedRows: number;
  doneRows: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  /** Records "create missing relations" made for cells nothing matched (undo removes them). */
  placeholders: number;
  /** Per relation and owner column, how validation matched its cells; null before validation. */
  links: ImportLinkStats[] | null;
  /** Rows that went in with a warning (GET /api/v1/imports/{id}/warnings). */
  warnings: number;
  error: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
  /**
   * A large import is done once its rows are committed; their search terms and duplicate match
   * keys are then built in the background: records not yet indexed are listed but not yet found
   * by search or the duplicate finder. Search terms come first: `searchable` once every record
   * has them, then the match keys; `done` counts the records of the current phase. null when they
   * were built with the rows.
   */
  indexing: { status: 'pending' | 'done'; searchable: boolean; done: number; total: number } | null;
}

/** How one relation or user (owner) column's cells found their records, counted per row over the whole file by validation. */
export interface ImportLinkStats {
  field: string;
  /** Cells matched by a record's id, external id, name or e-mail, or by the user's value mapping. */
  matched: Partial<Record<'id' | 'external_id' | 'name' | 'email' | 'mapped', number>>;
  /** Cells naming another row of the same file: linked after every row is written. */
  inFile: number;
  /** Cells whose name several records share. */
  ambiguous: number;
  /** Cells nothing matched (a placeholder is created for them if "create missing relations" is on). */
  unresolved: number;
  /** Some of the texts nothing matched (at most 20). */
  unresolvedValues: string[];
}

/** A record "create missing relations" made during an import (GET /api/v1/imports/{id}/placeholders). */
export interface ImportPlaceholder {
  object: string;
  id: string;
  name: string;
}

/** One row of the preview: the values as they will be stored, or why the row is rejected. */
export interface ImportPreviewRow {
  row: number;
  values: Record<string, unknown>;
  error: string | null;
  /** The row goes in, but with this to look at (a phone kept as written). */
  warning?: string | null;
}

/** How a file value found its stored value: by option key or label, a known synonym, a user's e-mail or name, a record's id, external id or name. */
export type ImportValueMatch = 'option' | 'label' | 'synonym' | 'email' | 'name' | 'id' | 'external_id';

/** One column's distinct values (GET /api/v1/imports/{id}/values), most frequent first. */
export interface ImportValueColumn {
  field: string;
  column: number;
  /** Distinct non-blank values in the file (those listed are at most 500). */
  distinct: number;
  truncated: boolean;
  /** Administrators may add a file value as a new option of this select. */
  canAddOption: boolean;
  values: { value: string; count: number; proposed: string | null; match: ImportValueMatch | null }[];
}

export interface ImportWarning {
  row: number;
  warning: string;
}

export interface ImportReject {
  row: number;
  reason: string;
  cells: string[];
}

/**
 * Several files imported as one batch ("a whole CRM in one go"): the files it means to import
 * (object and name, in order) and the imports made so far, in the order they ran.
 */
export const importBatchCreateSchema = z
  .object({
    files: z.array(z.object({ fileName: z.string().trim().min(1).max(255), object: z.string().min(1).max(60) }).strict()).min(1).max(50),
  })
  .strict();
export type ImportBatchCreate = z.infer<typeof importBatchCreateSchema>;

export const importBatchAddSchema = z.object({ importId: z.uuid() }).strict();

/** open: files are being imported; undoing: the imports are undone last first; undone; failed: an undo failed (undo again to resume). */
export type ImportBatchStatus = 'open' | 'undoing' | 'undone' | 'failed';

export interface ImportBatch {
  id: string;
  status: ImportBatchStatus;
  files: { fileName: string; object: string }[];
  /** The batch's imports in the order they ran. */
  imports: ImportSummary[];
  error: string | null;
  createdBy: string;
  createdAt: string;
  undoneAt: string | null;
}
