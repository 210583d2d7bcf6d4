import type { ColumnType, Generated } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type MaybeStamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type ChatStatus = 'waiting' | 'active' | 'ended' | 'missed';
export type ChatAuthor = 'visitor' | 'agent' | 'system';
/** A subject the visitor may pick in the widget; its chats go to the group. */
export interface ChatTopic {
  key: string;
  zh: string;
  en: string;
  groupId: string | null;
}

/** Tables of the live chat (merged into db/types.ts Database). */
export interface ChatTables {
  chat_settings: {
    id: number;
    enabled: Generated<boolean>;
    token: string;
    visitor_secret: string;
    allowed_origins: Generated<string[]>;
    greeting_zh: Generated<string>;
    greeting_en: Generated<string>;
    offline_zh: Generated<string>;
    offline_en: Generated<string>;
    default_group_id: string | null;
    topics: ColumnType<ChatTopic[], string | undefined, string>;
    missed_after_s: Generated<number>;
    updated_at: Stamp;
  };
  chat_agents: { user_id: string; online: Generated<boolean>; seen_at: Stamp };
  chat_sessions: {
    id: Generated<string>;
    visitor_id: string;
    status: ChatStatus;
    visitor_name: string | null;
    visitor_email: string | null;
    language: Generated<string>;
    page_url: string | null;
    ip: string | null;
    contact_id: string | null;
    customer_id: string | null;
    agent_id: string | null;
    ticket_id: string | null;
    activity_id: string | null;
    started_at: Stamp;
    accepted_at: MaybeStamp;
    ended_at: MaybeStamp;
    last_message_at: Stamp;
    group_id: string | null;
    topic: string | null;
  };
  chat_messages: {
    id: Generated<string>;
    session_id: string;
    author: ChatAuthor;
    agent_id: string | null;
    body: string;
    created_at: Stamp;
  };
  chat_attachments: {
    id: Generated<string>;
    session_id: string;
    message_id: string;
    filename: string;
    content_type: string;
    size: number;
    content: Buffer;
  };
  chat_hits: { ip: string; window_start: ColumnType<Date, Date | string, Date | string>; hits: number };
}
