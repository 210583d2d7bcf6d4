import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkAddress, guardedLookup, hostOf } from './address-policy.js';

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface OutboundOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Bytes of the answer kept; the rest is not read. */
  maxBytes?: number;
  /** GETs follow up to this many redirects, each to a checked address; POSTs never follow. */
  maxRedirects?: number;
}

/**
 * An HTTP(S) request to an admin-configured URL, through the address policy: IP literals are
 * checked here, names in the DNS lookup the connection itself uses. Times out as a whole.
 */
export async function outboundRequest(url: string, options: OutboundOptions): Promise<OutboundResponse> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    const res = await once(target, options, signal);
    const location = res.headers.location;
    if ((options.method ?? 'GET') === 'GET' && res.status >= 300 && res.status < 400 && location && hop < (options.maxRedirects ?? 5)) {
      target = new URL(location, target);
      continue;
    }
    return res;
  }
}

function once(url: URL, options: OutboundOptions, signal: AbortSignal): Promise<OutboundResponse> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`only http(s) URLs can be reached, not ${url.protocol}`));
  const host = hostOf(url);
  // A literal address never goes through the lookup.
  if (isIP(host)) checkAddress(host, host);
  const maxBytes = options.maxBytes ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, { method: options.method ?? 'GET', headers: options.headers, lookup: guardedLookup as never, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size > maxBytes) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size > maxBytes) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, maxBytes + 1) });
      res.on('end', done);
      res.on('close', done);
      res.on('error', (error) => (size > maxBytes ? done() : reject(error)));
    });
    request.on('error', (error) => reject(signal.aborted ? Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { name: 'TimeoutError' }) : error));
    request.end(options.body);
  });
}
