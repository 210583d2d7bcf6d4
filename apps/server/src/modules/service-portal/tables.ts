import type { ColumnType, Generated } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Tables of the self-service portal that are no engine objects (merged into db/types.ts Database). */
export interface PortalTables {
  portal_login_codes: {
    id: Generated<string>;
    email: string;
    contact_id: string;
    code_hash: string;
    attempts: Generated<number>;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    created_at: Stamp;
  };
  portal_sessions: { token_hash: string; contact_id: string; expires_at: ColumnType<Date, Date | string, Date | string>; created_at: Stamp };
  portal_hits: { ip: string; window_start: ColumnType<Date, Date | string, Date | string>; hits: number };
  ticket_ratings: {
    ticket_id: string;
    rating: number;
    comment: string | null;
    agent_user_id: string | null;
    customer_id: string | null;
    contact_id: string | null;
    created_at: Stamp;
    updated_at: Stamp;
  };
  portal_settings: { id: number; link_secret: string };
}
