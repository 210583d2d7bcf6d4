import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  parent_id: string | null;
  created_at: Timestamp;
}

export interface RolesTable {
  id: Generated<string>;
  key: string;
  name_zh: string;
  name_en: string;
  permissions: Json;
  builtin: boolean;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  role_id: string;
  team_id: string | null;
  locale: string;
  active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginFailuresTable {
  id: Generated<string>;
  email: string;
  ip: string;
  at: Timestamp;
}

export interface MetaFieldsTable {
  object: string;
  name: string;
  definition: Json;
  custom: boolean;
  position: number;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  object: string;
  record_id: string;
  action: string;
  actor_id: string | null;
  at: Timestamp;
  changes: Json;
}

export interface OutboxTable {
  id: Generated<string>;
  topic: string;
  object: string;
  record_id: string;
  payload: Json;
  created_at: Timestamp;
  dispatched_at: Timestamp | null;
}

export interface SavedViewsTable {
  id: Generated<string>;
  user_id: string;
  object: string;
  name: string;
  config: Json;
  created_at: Timestamp;
}

// ---- data-import module (migration 004) ----
export interface ImportsTable {
  id: Generated<string>;
  object: string;
  status: string;
  file_name: string;
  format: string;
  encoding: string | null;
  file_size: ColumnType<string, number | undefined, number>;
  headers: Json<string[]>;
  header_rows: ColumnType<number, number | undefined, number>;
  mapping: Json<Record<string, number>>;
  options: Json;
  validated: ColumnType<boolean, boolean | undefined, boolean>;
  total_rows: number | null;
  validated_rows: ColumnType<number, number | undefined, number>;
  checkpoint: ColumnType<number, number | undefined, number>;
  created_count: ColumnType<number, number | undefined, number>;
  updated_count: ColumnType<number, number | undefined, number>;
  skipped_count: ColumnType<number, number | undefined, number>;
  rejected_count: ColumnType<number, number | undefined, number>;
  error: string | null;
  worker: string | null;
  heartbeat_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
  undone_at: Timestamp | null;
}

export interface ImportChunksTable {
  import_id: string;
  seq: number;
  data: Buffer;
}

export interface ImportRejectsTable {
  import_id: string;
  row_number: number;
  reason: string;
  cells: Json<string[]>;
}

export interface ImportChangesTable {
  import_id: string;
  object: string;
  record_id: string;
  action: string;
  previous: Json | null;
}
// ---- end data-import ----

export interface Database {
  teams: TeamsTable;
  roles: RolesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_failures: LoginFailuresTable;
  meta_fields: MetaFieldsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  saved_views: SavedViewsTable;
  imports: ImportsTable;
  import_chunks: ImportChunksTable;
  import_rejects: ImportRejectsTable;
  import_changes: ImportChangesTable;
}
