import type { StoredType } from './payload.js';

/** One event as it is written to tracking_events. */
export interface EventRow {
  site_id: string;
  visitor_id: string;
  type: StoredType;
  name: string | null;
  url: string | null;
  path: string | null;
  title: string | null;
  referrer: string | null;
  target: string | null;
  props: string | null;
  at: string;
}

/** What makes two events "the same" for counting (the path viewed, the file, the event name). */
export function eventKey(row: Pick<EventRow, 'type' | 'path' | 'name' | 'target'>): string | null {
  return row.type === 'page_view' ? row.path : row.type === 'custom' ? row.name : row.target;
}
