import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** Tables of the service module that are no engine objects (merged into db/types.ts Database). */
export interface ServiceTables {
  ticket_messages: TicketMessagesTable;
  ticket_attachments: TicketAttachmentsTable;
  ticket_presence: TicketPresenceTable;
  support_group_members: SupportGroupMembersTable;
  support_agents: SupportAgentsTable;
  support_assign_cursors: SupportAssignCursorsTable;
  canned_replies: CannedRepliesTable;
  sla_policies: SlaPoliciesTable;
  support_calendar: SupportCalendarTable;
  support_calendar_days: SupportCalendarDaysTable;
}

export interface TicketMessagesTable {
  id: Generated<string>;
  ticket_id: string;
  kind: 'reply' | 'note';
  direction: 'in' | 'out';
  author_user_id: string | null;
  author_contact_id: string | null;
  author_name: string | null;
  author_email: string | null;
  body_text: Generated<string>;
  body_html: string | null;
  email_message_id: string | null;
  in_reply_to: string | null;
  mentions: Generated<string[]>;
  dropped_attachments: ColumnType<Array<{ filename: string; size: number; reason: string }>, string | undefined, string>;
  created_at: Generated<Date>;
}

export interface TicketAttachmentsTable {
  id: Generated<string>;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  content: Buffer;
}

export interface TicketPresenceTable {
  ticket_id: string;
  user_id: string;
  expires_at: Timestamp;
}

export interface SupportGroupMembersTable {
  group_id: string;
  user_id: string;
  /** Ticket categories this member handles (assignment by skill). */
  categories: Generated<string[]>;
}

export interface SupportAgentsTable {
  user_id: string;
  away: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface SupportAssignCursorsTable {
  group_key: string;
  last_user_id: string | null;
}

export interface CannedRepliesTable {
  id: Generated<string>;
  title: string;
  body: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SlaPoliciesTable {
  id: Generated<string>;
  name: string;
  priorities: Generated<string[]>;
  customer_statuses: Generated<string[]>;
  categories: Generated<string[]>;
  first_response_minutes: number;
  resolution_minutes: number;
  position: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Minutes from midnight [start, end) per ISO weekday 1 (Mon) … 7 (Sun); a missing day is closed. */
export type WorkingHours = Record<string, Array<[number, number]>>;

export interface SupportCalendarTable {
  id: number;
  timezone: Generated<string>;
  hours: Json<WorkingHours>;
  use_china_holidays: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface SupportCalendarDaysTable {
  /** YYYY-MM-DD. */
  day: ColumnType<string, string, string>;
  working: boolean;
  note: string | null;
}
