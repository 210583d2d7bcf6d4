import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}
export interface SseStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: number;
  /** The server ended the stream. */
  ended: boolean;
  close(): void;
}

/** Opens a stream the way a browser's EventSource does (real HTTP) and parses what arrives. */
export async function openSseStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const stream: SseStream = { status: res.status, headers: res.headers, events: [], comments: 0, ended: false, close: () => abort.abort() };
  if (res.status !== 200) return stream;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments++;
            const m = /^(\w+): ?(.*)$/.exec(line);
            if (m) fields[m[1]] = m[2];
          }
          if (fields.event) stream.events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? 'null') });
        }
      }
      stream.ended = true;
    } catch {
      // aborted
    }
  })();
  return stream;
}

/** Starts the app on a free local port and returns its base URL. */
export async function listenLocal(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
