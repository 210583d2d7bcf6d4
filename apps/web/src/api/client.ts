import type { ApiErrorBody, ErrorDetail } from '@crm/schema';
import i18next from 'i18next';

/** An error answer of the API, carrying the code and per-field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** An error's message in the user's language when the server gave it a key (`apiErrors.<key>` in the locales), else as sent. */
export function errorText(err: ApiErrorBody['error']): string {
  return err.key ? i18next.t(`apiErrors.${err.key}`, { ...err.params, defaultValue: err.message }) : err.message;
}

/** Called on any 401 so the app can send the user to the login page. */
let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** A FormData body goes as multipart/form-data (the browser sets the boundary); anything else as JSON. */
export async function api<T = unknown>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const form = body instanceof FormData;
  const res = await fetch(withQuery(path, query), {
    method,
    credentials: 'same-origin',
    headers: body !== undefined && !form ? { 'content-type': 'application/json' } : undefined,
    body: form ? body : body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (json as ApiErrorBody | undefined)?.error;
    // The login call itself answers 401 for a wrong password; that is not "session expired".
    if (res.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized();
    throw new ApiError(res.status, err?.code ?? 'internal', err ? errorText(err) : res.statusText, err?.details ?? []);
  }
  return json as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, query);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string, query?: Query) => api<T>('DELETE', path, undefined, query);
