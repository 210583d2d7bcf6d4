import { createHmac } from 'node:crypto';
import { outboundRequest } from '../../../outbound/http-request.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export function hmacSha256(secret: string, data: string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(data, 'utf8').digest(encoding);
}

/** POSTs a JSON body; a non-2xx answer or a timeout is an error (the run retries). Returns status and the reply text. */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
  const response = await outboundRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
    timeoutMs,
    maxBytes: 2000,
  }).catch((error: Error) => {
    throw new Error(error.name === 'TimeoutError' ? `no answer from ${new URL(url).host} within ${timeoutMs} ms` : `cannot reach ${new URL(url).host}: ${error.message}`);
  });
  const text = response.body.toString('utf8').slice(0, 2000);
  if (response.status < 200 || response.status >= 300) throw new Error(`${new URL(url).host} answered ${response.status}: ${text.slice(0, 300)}`);
  return { status: response.status, text };
}
