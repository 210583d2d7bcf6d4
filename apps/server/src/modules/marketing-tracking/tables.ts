import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

export interface TrackingSite {
  id: string;
  site_key: string;
  name: string;
  allowed_origins: string[];
  retention_days: number;
  honour_dnt: boolean;
  require_consent: boolean;
  active: boolean;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The module's tables, typed here so the shared db/types.ts stays as it is. */
export interface TrackingTables {
  tracking_sites: Omit<TrackingSite, 'id' | 'created_at' | 'updated_at' | 'allowed_origins'> & { id?: string; created_at?: Date; updated_at?: Date; allowed_origins: string | string[] };
  tracking_visitors: { visitor_id: string; object: string | null; record_id: string | null; identified_by: string | null; identified_at: Date | null; first_seen?: Date; last_seen?: Date };
}
export type TrackingDb = Kysely<Database & TrackingTables>;
export const trackingDb = (db: Kysely<Database>) => db as unknown as TrackingDb;

/** Objects a visitor can turn out to be. */
export const PERSON_OBJECTS = ['leads', 'contacts'] as const;
export type PersonObject = (typeof PERSON_OBJECTS)[number];
