import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../src/engine/index.js';
import { startSend } from '../src/modules/marketing/email/start-send.js';
import { runSend } from '../src/modules/marketing/email/worker.js';
import { saveSmtpSettings } from '../src/modules/notifications/email/smtp-settings.js';
import { createCrm, type CrmOptions } from '../src/server.js';
import { cpuMsOf, waitForProgress } from './helpers/local-servers.js';
// The SMTP receiver runs on 127.0.0.1, which outbound connections may not reach unless allowed.
process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

/**
 * A send survives kill -9 of the process working on it: a child process runs the worker against a
 * real SMTP receiver, is killed with SIGKILL after some messages arrived, and a new worker in this
 * process resumes once the dead one's lease lapses. Counted by what the receiver acknowledged:
 * nobody gets two, everyone the database calls delivered got exactly one, and only the batch the
 * child had claimed when it died (at most CRM_MARKETING_BATCH) ends "interrupted" (failed, not sent again).
 */
const PEOPLE = 200;
const BATCH = 5;
const LEASE_S = 5;
process.env.CRM_MARKETING_LEASE_S = String(LEASE_S);

/** Acknowledged messages per recipient; each DATA is answered after a short pause so the kill lands mid-send. */
const received = new Map<string, number>();
let acknowledged = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, cb) {
    stream.on('data', () => {});
    stream.on('end', () =>
      setTimeout(() => {
        for (const r of session.envelope.rcptTo) received.set(r.address, (received.get(r.address) ?? 0) + 1);
        acknowledged++;
        cb();
      }, 20),
    );
  },
});
// The killed child's connections reset; the receiver reports that as an error event, which is expected here.
smtp.on('error', () => undefined);
let port = 0;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp as unknown as { server: { address(): { port: number } } }).server.address().port;
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** A database both processes open: a PGlite folder, or a fresh schema on TEST_DATABASE_URL. */
async function database(): Promise<NonNullable<CrmOptions['database']>> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dataDir = await mkdtemp(join(tmpdir(), 'crm-marketing-kill-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    return { dataDir };
  }
  const schema = `t_mkill_${randomBytes(4).toString('hex')}`;
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_boss" CASCADE`);
    await client.end();
  });
  return { url, schema, poolSize: 3 };
}

describe('kill -9 in the middle of a send', () => {
  it('a new worker resumes; nobody gets a message twice, and only the dead batch is left interrupted', async () => {
    const dbOptions = await database();
    // Prepared and started here, then closed: the child works on it.
    let crm = await createCrm({ database: dbOptions, jobs: false });
    const records = crm.engine.records;
    await saveSmtpSettings(crm.handle.db, { host: '127.0.0.1', port, security: 'none', username: null, fromName: '市场部', fromAddress: 'news@crm.test', appUrl: 'https://crm.example.com' }, null);
    const rows = Array.from({ length: PEOPLE }, (_, i) => ({ name: `联系人${i}`, email: `p${i}@client.test`, marketing_consent: 'opted_in' }));
    const ids = (await records.bulkCreate('contacts', rows, SYSTEM_CONTEXT)).map((r) => r.id as string);
    const segment = await records.create('segments', { name: '重启名单', kind: 'static', object: 'contacts' }, SYSTEM_CONTEXT);
    await sql`INSERT INTO marketing_segment_members (segment_id, record_id) SELECT ${segment.id}, unnest(${sql.val(ids)}::uuid[])`.execute(crm.handle.db);
    const template = await records.create('marketing_templates', { name: '重启模板', subject_zh: '{{contact.name}}，您好', body_zh: '<p>{{contact.name}}，新品上市。</p>' }, SYSTEM_CONTEXT);
    const send = await records.create('marketing_sends', { name: '重启群发', template_id: template.id, segment_id: segment.id, rate_per_minute: 3000 }, SYSTEM_CONTEXT);
    const sendId = send.id as string;
    await startSend(crm.handle.db, crm.engine, sendId, SYSTEM_CONTEXT);
    await crm.close();

    const script = fileURLToPath(new URL('./fixtures/marketing-send-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, CHILD_DATABASE: JSON.stringify(dbOptions), CHILD_SEND_ID: sendId, CRM_MARKETING_BATCH: String(BATCH) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    cleanups.push(async () => child.exitCode === null && child.kill('SIGKILL'));
    // However slow the machine: starting, the child burns CPU; sending, the receiver counts.
    await waitForProgress(() => out.includes('READY') && acknowledged >= 12, () => [cpuMsOf(child.pid) ?? Date.now(), acknowledged], {
      what: 'the child to be mid-send',
      alive: () => child.exitCode === null,
    });
    child.kill('SIGKILL');
    await exited;
    const atKill = acknowledged;
    expect(atKill).toBeLessThan(PEOPLE);

    crm = await createCrm({ database: dbOptions, jobs: false });
    cleanups.push(() => crm.close());
    const db = crm.handle.db;
    const deps = { db, engine: crm.engine, workerId: 'resumer', stopping: () => false };
    const status = async () => (await sql<{ status: string }>`SELECT status FROM marketing_sends WHERE id = ${sendId}`.execute(db)).rows[0].status;
    // The dead child's lease holds the send for up to LEASE_S; then this worker takes it and finishes.
    await waitForProgress(async () => (await runSend(deps, sendId)) === null && (await status()) === 'completed', () => acknowledged, {
      idleMs: (LEASE_S + 30) * 1000,
      what: 'the resumed send to complete',
    });
    expect(acknowledged).toBeGreaterThan(atKill);

    const states = await sql<{ email: string; state: string; error: string | null }>`SELECT email, state, error FROM marketing_send_recipients WHERE send_id = ${sendId}`.execute(db);
    expect(states.rows).toHaveLength(PEOPLE);
    // Nobody twice; every "delivered" exactly once; nobody left queued or in flight.
    for (const [, n] of received) expect(n).toBe(1);
    const delivered = states.rows.filter((r) => r.state === 'delivered');
    for (const r of delivered) expect(received.get(r.email), r.email).toBe(1);
    const interrupted = states.rows.filter((r) => r.state === 'failed');
    for (const r of interrupted) expect(r.error).toContain('not sent again');
    expect(delivered.length + interrupted.length).toBe(PEOPLE);
    // Only the batch the child held can be lost; it may have arrived (acknowledged before the kill) or not.
    expect(interrupted.length).toBeLessThanOrEqual(BATCH);
    expect(received.size).toBeGreaterThanOrEqual(PEOPLE - BATCH);
    expect(received.size).toBe(acknowledged);
  });
});
