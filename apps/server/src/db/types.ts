import type { ImportLinkStats } from '@crm/schema';
import type { ColumnType, Generated } from 'kysely';
import type { ServiceTables } from '../modules/service/tables.js';
import type { DataImportTables } from '../modules/data-import/tables.js';
import type { KbTables } from '../modules/service-kb/tables.js';
import type { PortalTables } from '../modules/service-portal/tables.js';
import type { ChatTables } from '../modules/service-chat/tables.js';
import type { SurveyTables } from '../modules/service-surveys/tables.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  parent_id: string | null;
  /** The team's lead: the manager of its members (automation notifies them). */
  lead_user_id: Generated<string | null>;
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
  /** Set for a password the user did not choose (the generated first admin password). */
  must_change_password: Generated<boolean>;
  /** The user's id in another system (Salesforce 005…), for imports' owner columns (migration 028). */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
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

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}

export interface PasswordResetRequestsTable {
  id: Generated<string>;
  email: string;
  ip: string;
  at: Generated<Timestamp>;
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

// ── notifications module ────────────────────────────────────────────────
export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  object: string | null;
  record_id: string | null;
  dedupe_key: string | null;
  in_app: boolean;
  read_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  notification_id: string | null;
  channel: 'email' | 'robot';
  user_id: string | null;
  payload: Json;
  dedupe_key: string | null;
  status: Generated<'pending' | 'queued' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  in_app: boolean;
  email: boolean;
  robot: boolean;
}

export interface NotificationRobotsTable {
  user_id: string;
  provider: 'wecom' | 'dingtalk';
  webhook_url: string;
  secret: string | null;
  updated_at: Timestamp;
}

export interface SmtpSettingsTable {
  id: Generated<number>;
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string | null;
  password: string | null;
  from_name: string;
  from_address: string;
  app_url: string | null;
  updated_at: Timestamp;
}

export interface EmailTemplatesTable {
  key: string;
  name: string;
  subject_zh: string;
  body_zh: string;
  subject_en: string;
  body_en: string;
  builtin: Generated<boolean>;
  updated_at: Timestamp;
}
// ── end notifications module ────────────────────────────────────────────
// ---- duplicates module (006_duplicates) ----
export interface DuplicateRulesTable {
  object: string;
  key: string;
  enabled: boolean;
  fuzzy: boolean;
  threshold: number;
  /** 撞单: a new record matching an existing one anywhere is refused (409). */
  block: Generated<boolean>;
  updated_at: Timestamp;
}

export interface DuplicateKeysTable {
  object: string;
  rule: string;
  kind: string;
  value: string;
  record_id: string;
  owner_id: string | null;
}

export interface DuplicateKeyStateTable {
  object: string;
  version: number;
  built_at: Timestamp;
}

export interface MergesTable {
  id: Generated<string>;
  object: string;
  survivor_id: string;
  merged_ids: string[];
  actor_id: string | null;
  at: Timestamp;
  survivor_before: Json;
  survivor_version: number;
  moved: Json;
  undone_at: Timestamp | null;
  undone_by: string | null;
}
// ---- end duplicates module ----

// backup module: scheduled backup settings (one row)
export interface BackupSettingsTable {
  id: Generated<number>;
  enabled: boolean;
  cron: string;
  folder: string | null;
  keep: number;
  updated_at: Timestamp;
}

// ---- automation module (migration 002) ----

export interface AutomationRulesTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  object: string | null;
  trigger: Json;
  conditions: Json | null;
  actions: Json;
  enabled: Generated<boolean>;
  builtin_key: string | null;
  scanned_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AutomationRunsTable {
  id: Generated<string>;
  rule_id: string;
  event_key: string;
  event: Json;
  object: string | null;
  record_id: string | null;
  depth: Generated<number>;
  status: string;
  conditions: Json | null;
  error: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  duration_ms: number | null;
}

export interface AutomationActionRunsTable {
  id: Generated<string>;
  run_id: string;
  position: number;
  type: string;
  /** The action's settings as they were when the run was planned. */
  config: Json;
  idempotency_key: string;
  status: Generated<string>;
  result: Json | null;
  error: string | null;
  attempts: Generated<number>;
  duration_ms: number | null;
  updated_at: Timestamp;
}

export interface AutomationTerritoriesTable {
  id: Generated<string>;
  field: string;
  value: string;
  team_id: string;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface AutomationAssignCursorsTable {
  team_id: string;
  last_user_id: string | null;
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
  /** Records "create missing relations" made (migration 028). */
  placeholder_count: ColumnType<number, number | undefined, number>;
  /** Per relation/user column, how validation matched its cells (migration 028). */
  link_stats: ColumnType<ImportLinkStats[] | null, string | null | undefined, string | null>;
  /** Migration 030: rows that went in with a warning. */
  warning_count: ColumnType<number, number | undefined, number>;
  error: string | null;
  worker: string | null;
  heartbeat_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
  undone_at: Timestamp | null;
  index_status: ColumnType<string | null, string | null | undefined, string | null>;
  index_after: ColumnType<string | null, string | null | undefined, string | null>;
  indexed_rows: ColumnType<number, number | undefined, number>;
  search_after: ColumnType<string | null, string | null | undefined, string | null>;
  searched_rows: ColumnType<number, number | undefined, number>;
  searched_at: Timestamp | null;
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

/** Migration 030: a row that went in, with what the user should look at. */
export interface ImportWarningsTable {
  import_id: string;
  row_number: number;
  warning: string;
}

export interface ImportChangesTable {
  import_id: string;
  object: string;
  record_id: string;
  action: string;
  previous: Json | null;
  /** A record made only because a relation cell named it ("create missing relations"). */
  placeholder: ColumnType<boolean, boolean | undefined, boolean>;
}

/** A relation cell naming a row further down the same file, linked after every row is written (migration 028). */
export interface ImportDeferredLinksTable {
  import_id: string;
  record_id: string;
  field: string;
  target: string;
}

/** A saved import setup (migration 025): mapping by column header, options (values, constants, dedupe). */
export interface ImportTemplatesTable {
  id: Generated<string>;
  object: string;
  name: string;
  mapping: Json<Record<string, string>>;
  options: Json;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
// ---- end data-import ----

// ---- pipelines (migration 009) ----
export interface PipelinesTable {
  key: string;
  name_zh: string;
  name_en: string;
  position: Generated<number>;
  is_default: Generated<boolean>;
  archived: Generated<boolean>;
  updated_at: Timestamp;
}

export interface PipelineStagesTable {
  pipeline_key: string;
  key: string;
  name_zh: string;
  name_en: string;
  position: number;
  probability: number;
  color: string | null;
  required_fields: Generated<string[]>;
}

export interface SalesTargetsTable {
  id: Generated<string>;
  /** First day of the month. */
  month: ColumnType<string, string, string>;
  user_id: string | null;
  team_id: string | null;
  /** numeric(18,2), read as a string to keep cents exact. */
  amount: ColumnType<string, string | number, string | number>;
  currency: Generated<string>;
  updated_by: string | null;
  updated_at: Timestamp;
}
// ---- end pipelines ----

/** Core tables, plus the tables modules declare in their own folder (modules/<name>/tables.ts). */
export interface Database extends ServiceTables, KbTables, PortalTables, DataImportTables, ChatTables, SurveyTables {
  teams: TeamsTable;
  roles: RolesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_failures: LoginFailuresTable;
  password_resets: PasswordResetsTable;
  password_reset_requests: PasswordResetRequestsTable;
  meta_fields: MetaFieldsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  saved_views: SavedViewsTable;
  // notifications module
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_preferences: NotificationPreferencesTable;
  notification_robots: NotificationRobotsTable;
  smtp_settings: SmtpSettingsTable;
  email_templates: EmailTemplatesTable;
  duplicate_rules: DuplicateRulesTable;
  duplicate_keys: DuplicateKeysTable;
  duplicate_key_state: DuplicateKeyStateTable;
  merges: MergesTable;
  backup_settings: BackupSettingsTable;
  automation_rules: AutomationRulesTable;
  automation_runs: AutomationRunsTable;
  automation_action_runs: AutomationActionRunsTable;
  automation_territories: AutomationTerritoriesTable;
  automation_assign_cursors: AutomationAssignCursorsTable;
  imports: ImportsTable;
  import_chunks: ImportChunksTable;
  import_rejects: ImportRejectsTable;
  import_warnings: ImportWarningsTable;
  import_changes: ImportChangesTable;
  import_deferred_links: ImportDeferredLinksTable;
  import_templates: ImportTemplatesTable;
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  sales_targets: SalesTargetsTable;
}
