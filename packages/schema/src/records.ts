/** Shapes of the record API's answers, shared by the server and the web app. */

/** historical: a system date an administrator set to a past instant (back-filled history). */
export type FieldChanges = Record<string, { from: unknown; to: unknown; historical?: boolean }>;

export interface RelatedListResult<R = Record<string, unknown>> {
  name: string;
  object: string;
  field: string;
  label: { zh: string; en: string };
  total: number;
  data: R[];
}

export interface TimelineEntry<R = Record<string, unknown>> {
  kind: 'change' | 'record' | 'extension';
  at: string;
  actorId: string | null;
  /** For 'change': create/update/delete/restore and field-level before/after. */
  action?: string;
  changes?: FieldChanges;
  /** For 'record': the related record shown on the timeline (e.g. a follow-up). */
  object?: string;
  record?: R;
  /** For 'extension': an entry added by a module's timeline source (e.g. an automation run). */
  source?: string;
  title?: string;
  detail?: string;
  status?: 'ok' | 'error' | 'info';
  /** An app path the entry links to. */
  link?: string;
}
