import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

const heartbeatMs = () => Number(process.env.CRM_SSE_HEARTBEAT_MS) || 25_000;

/**
 * Turns the reply into a Server-Sent Events stream (headers set so far, such as CORS, kept). Each
 * heartbeat runs `beat`; false ends the stream. `closed` runs once the client went away.
 */
export function openSse(request: FastifyRequest, reply: FastifyReply, options: { beat?: () => Promise<boolean>; closed: () => void }): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  const inherited = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => v !== undefined)) as Record<string, string>;
  res.writeHead(200, {
    ...inherited,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write('retry: 3000\n\n');
  const heartbeat = setInterval(async () => {
    const alive = options.beat ? await options.beat().catch(() => true) : true; // a database hiccup ends nothing
    if (res.destroyed || res.writableEnded) return;
    if (alive) res.write(': ping\n\n');
    else res.end();
  }, heartbeatMs());
  request.raw.on('close', () => {
    clearInterval(heartbeat);
    options.closed();
  });
  return res;
}
