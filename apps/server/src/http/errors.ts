import type { ApiErrorBody, ErrorCode, ErrorDetail } from '@crm/schema';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, type ZodType } from 'zod';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  rate_limited: 429,
  internal: 500,
};

export class ApiError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details: ErrorDetail[] = [],
    /** A stable name of the message (and its values) that the web app translates: `apiErrors.<key>`. */
    public readonly text?: { key: string; params?: Record<string, string | number> },
  ) {
    super(message);
  }
  get status() {
    return STATUS[this.code];
  }
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details, ...(this.text ? { key: this.text.key, params: this.text.params ?? {} } : {}) } };
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);
export const forbidden = (message = 'you do not have permission for this') => new ApiError('forbidden', message);
export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new ApiError('bad_request', message, details);

/** Turns Zod issues into details whose path names the field, prefixed for nested payloads (rows.3.name). */
export function zodDetails(error: ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const message =
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
    return { path: path || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : ''), message };
  });
}

/** Parses request input with a Zod schema; failures become a 400 naming the field. */
export function parseInput<T>(schema: ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export function validationError(error: ZodError, prefix = ''): ApiError {
  const details = zodDetails(error, prefix);
  const first = details[0];
  const message = first ? `invalid ${first.path || 'input'}: ${first.message}` : 'invalid input';
  return new ApiError('bad_request', message, details);
}

/** Maps PostgreSQL errors a client can cause to 4xx; anything else stays a 500. */
function fromDatabaseError(err: { code?: string; detail?: string; constraint?: string; column?: string }): ApiError | null {
  switch (err.code) {
    case '23505': {
      const field = /\(([^)]+)\)=/.exec(err.detail ?? '')?.[1] ?? err.constraint ?? '';
      return new ApiError('conflict', `${field || 'value'} already exists`, [{ path: field, message: 'must be unique' }]);
    }
    case '23503':
      return new ApiError('bad_request', 'a referenced record does not exist', [{ path: err.column ?? '', message: err.detail ?? '' }]);
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001': // too long for the column
    case '22021': // a NUL character, e.g. in a filter value
    case '22P05':
      return new ApiError('bad_request', 'a value has the wrong format', [{ path: err.column ?? '', message: String((err as Error).message) }]);
    default:
      return null;
  }
}

export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return validationError(error);
  const fe = error as FastifyError & { code?: string };
  if (fe?.validation) {
    return new ApiError(
      'bad_request',
      fe.message,
      fe.validation.map((v) => ({ path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'), message: v.message ?? '' })),
    );
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode = fe.statusCode === 429 ? 'rate_limited' : fe.statusCode === 404 ? 'not_found' : fe.statusCode === 401 ? 'unauthorized' : fe.statusCode === 403 ? 'forbidden' : 'bad_request';
    return new ApiError(code, fe.message);
  }
  return fromDatabaseError(fe as never);
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError) return reply.status(apiError.status).send(apiError.toBody());
    request.log.error(error);
    return reply
      .status(500)
      .send({ error: { code: 'internal', message: 'internal server error', details: [] } } satisfies ApiErrorBody);
  });
}

/** 404 for unknown routes, in the API's error shape. */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(new ApiError('not_found', `route ${request.method} ${request.url.split('?')[0]} not found`).toBody());
}
