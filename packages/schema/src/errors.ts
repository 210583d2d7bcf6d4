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

/** Every error the API returns has this body. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}
