import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/types.js';

export { waitFor } from './local-servers.js';

export interface ReceivedRequest {
  url: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: any;
}

/** A real local HTTP server standing in for a webhook receiver or a group robot. */
export class HookServer {
  readonly received: ReceivedRequest[] = [];
  /** The reply for the next requests: status and body. */
  reply: { status: number; body: string } = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        this.received.push({ url: req.url ?? '', headers: req.headers, raw, body: raw ? JSON.parse(raw) : null });
        res.writeHead(this.reply.status, { 'content-type': 'application/json' }).end(this.reply.body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Turns off the rules an install ships with (weekly report, pool recycling, reminders …) except the
 * ones a test is about: tests that move the automation clock years ahead would otherwise see them fire.
 */
export async function disableShippedRules(db: Kysely<Database>, except: string[] = []) {
  await sql`UPDATE automation_rules SET enabled = false WHERE builtin_key IS NOT NULL AND NOT (builtin_key = ANY(${sql.val(except)}::text[]))`.execute(db);
}
