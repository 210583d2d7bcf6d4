export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'version_conflict'
  | 'rate_limited'
  | 'internal';

export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * Every error the API returns has this body. `key` (with `params`) names the message stably for
 * errors the web app translates (`apiErrors.<key>` in its locales); `message` stays in English.
 */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[]; key?: string; params?: Record<string, string | number> };
}

/** What the shared record schema's English messages mean, for translating them (web forms, import reasons). */
export type IssueKey = 'required' | 'email' | 'phone' | 'url' | 'integer' | 'maxLength' | 'min' | 'max' | 'option' | 'reference' | 'unique';

const ISSUE_PATTERNS: Array<[RegExp, IssueKey]> = [
  [/^is required$/, 'required'],
  [/must be an email address/, 'email'],
  [/must be a phone number/, 'phone'],
  [/must be an http\(s\) URL/, 'url'],
  [/must be a whole number/, 'integer'],
  [/^at most (\d+) characters$/, 'maxLength'],
  [/expected number to be >=\s*(-?[\d.]+)/, 'min'],
  [/expected number to be <=\s*(-?[\d.]+)/, 'max'],
  [/must be one of/, 'option'],
  [/must be a record id|no such/, 'reference'],
  [/already exists|unique/, 'unique'],
];

/** The key of a validation message (and its number, for limits), or null for one without a translation. */
export function matchIssue(message: string): { key: IssueKey; n?: string } | null {
  for (const [re, key] of ISSUE_PATTERNS) {
    const m = re.exec(message);
    if (m) return { key, n: m[1] };
  }
  return null;
}
