import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/types.js';
import type { Crm } from '../../src/server.js';
import type { Client } from './crm.js';
import { waitForProgress } from './local-servers.js';

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

/** Queues whose jobs carry committed changes and automation runs. */
const WORK_QUEUES = ['record-events', 'automation-runs', 'automation-runs-bulk'];
const bossSchema = (crm: Crm) => (crm.handle.schema === 'public' ? 'pgboss' : `${crm.handle.schema}_boss`);

/** Work still to do (undispatched outbox rows, jobs of `queues` waiting, running or due for a retry) and work done (finished jobs, runs). */
export async function jobProgress(crm: Crm, queues = WORK_QUEUES): Promise<{ open: number; finished: number; runs: number }> {
  const { rows } = await crm.handle.pool.query(
    `SELECT (SELECT count(*) FROM outbox WHERE dispatched_at IS NULL) + (SELECT count(*) FROM "${bossSchema(crm)}".job WHERE name = ANY($1) AND state IN ('created', 'retry', 'active')) AS open,
       (SELECT count(*) FROM "${bossSchema(crm)}".job WHERE name = ANY($1) AND state NOT IN ('created', 'retry', 'active')) AS finished,
       (SELECT count(*) FROM automation_runs WHERE status <> 'pending') AS runs`,
    [queues],
  );
  return { open: Number(rows[0].open), finished: Number(rows[0].finished), runs: Number(rows[0].runs) };
}

/** Polls `check` for as long as the app's jobs move (waitForProgress on jobProgress): no wall-clock deadline. */
export function waitForJobs<T>(crm: Crm, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string): Promise<T> {
  return waitForProgress(check, () => jobProgress(crm), { what });
}

/**
 * Waits until every committed change was relayed and every job of `queues` (events and runs by
 * default) has finished: after that, nothing left could repeat work.
 */
export async function waitForQuietJobs(crm: Crm, queues = WORK_QUEUES) {
  await waitForJobs(crm, async () => (await jobProgress(crm, queues)).open === 0, 'event and run jobs to finish');
}

/** Creates an enabled rule on leads (unless `body` says otherwise) through the API, as `admin`; returns its id. */
export async function createLeadRule(admin: Client, body: Record<string, unknown>): Promise<string> {
  const res = await admin.post('/api/v1/automation/rules', { enabled: true, object: 'leads', ...body });
  if (res.status !== 201) throw new Error(`create rule → ${res.status} ${res.text}`);
  return res.body.data.id as string;
}
