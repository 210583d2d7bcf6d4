import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/accounts/sessions.js';
import { notify } from '../src/modules/notifications/index.js';
import { announce } from '../src/modules/notifications/live/channel.js';
import { createCrm, type Crm } from '../src/server.js';
import { startTestCrm, type TestCrm, type TestUser } from './helpers/crm.js';
import { waitFor } from './helpers/local-servers.js';
import { listenLocal, openSseStream, type SseStream } from './helpers/sse.js';

/** Live push over real HTTP: Server-Sent Events on a listening port. */
let t: TestCrm;
let base: string;
let alice: TestUser;
let bob: TestUser;
const streams: SseStream[] = [];

/** Opens the notification stream the way a browser's EventSource does. */
async function openStream(baseUrl: string, headers: Record<string, string>): Promise<SseStream> {
  const stream = await openSseStream(`${baseUrl}/api/v1/notifications/stream`, headers);
  streams.push(stream);
  return stream;
}

const cookieOf = async (crm: Crm, userId: string) => ({ cookie: `crm_session=${await createSession(crm.handle.db, userId)}` });
const listen = (crm: Crm) => listenLocal(crm.app);
const notificationsIn = (s: SseStream) => s.events.filter((e) => e.event === 'notification');

beforeAll(async () => {
  process.env.CRM_SSE_HEARTBEAT_MS = '300';
  t = await startTestCrm();
  base = await listen(t.crm);
  alice = await t.createUser({ role: 'sales_rep' });
  bob = await t.createUser({ role: 'sales_rep' });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
  delete process.env.CRM_SSE_HEARTBEAT_MS;
});

describe('notification stream', () => {
  it('refuses anonymous clients', async () => {
    const s = await openStream(base, {});
    expect(s.status).toBe(401);
  });

  it('pushes a notification created after connecting to its recipient only', async () => {
    await notify({ userIds: [alice.id], kind: 'general', title: '连接前的通知' }, t.crm.handle.db);
    const aliceStream = await openStream(base, await cookieOf(t.crm, alice.id));
    const bobStream = await openStream(base, await cookieOf(t.crm, bob.id));
    expect(aliceStream.status).toBe(200);
    const ready = await waitFor(() => aliceStream.events.find((e) => e.event === 'ready'));
    expect(ready.data).toEqual({ unread: 1 });
    await waitFor(() => bobStream.events.find((e) => e.event === 'ready'));

    const { created } = await notify({ userIds: [alice.id], kind: 'record_assigned', title: '线索「华北展会」已分配给您', link: '/o/leads/1' }, t.crm.handle.db);
    const pushed = await waitFor(() => notificationsIn(aliceStream)[0]);
    expect(pushed.id).toBe(created[0].id);
    expect(pushed.data).toMatchObject({ unread: 2, notification: { id: created[0].id, kind: 'record_assigned', title: '线索「华北展会」已分配给您', link: '/o/leads/1', read_at: null } });
    // The heartbeat keeps the connection alive; Bob got nothing but heartbeats.
    await waitFor(() => bobStream.comments >= 2 || undefined);
    expect(notificationsIn(bobStream)).toEqual([]);
  });

  it('does not push a notification from before the connection when its announcement arrives late', async () => {
    const before = await notify({ userIds: [bob.id], kind: 'general', title: '连接前已提交' }, t.crm.handle.db);
    const s = await openStream(base, await cookieOf(t.crm, bob.id));
    const ready = await waitFor(() => s.events.find((e) => e.event === 'ready'));
    // Under load PostgreSQL delivers a NOTIFY late: this one reaches the hub after the connect,
    // although 'ready' already counted the notification. A browser would toast an old one as new.
    await announce(t.crm.handle.db, [{ type: 'notification', userId: bob.id, id: before.created[0].id }]);
    await notify({ userIds: [bob.id], kind: 'general', title: '连接后' }, t.crm.handle.db);
    await waitFor(() => notificationsIn(s).some((e) => e.data.notification.title === '连接后') || undefined);
    expect(notificationsIn(s).map((e) => e.data.notification.title)).toEqual(['连接后']);
    expect(notificationsIn(s)[0].data.unread).toBe(ready.data.unread + 1);
    s.close();
  });

  it('pushes nothing for a transaction that rolled back', async () => {
    const s = await openStream(base, await cookieOf(t.crm, bob.id));
    await waitFor(() => s.events.find((e) => e.event === 'ready'));
    await t.crm.handle.db
      .transaction()
      .execute(async (trx) => {
        await notify({ userIds: [bob.id], kind: 'general', title: '回滚的通知' }, trx);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await notify({ userIds: [bob.id], kind: 'general', title: '提交的通知' }, t.crm.handle.db);
    await waitFor(() => notificationsIn(s)[0]);
    expect(notificationsIn(s).map((e) => e.data.notification.title)).toEqual(['提交的通知']);
  });

  it('replays what a reconnecting browser missed after Last-Event-ID', async () => {
    const headers = await cookieOf(t.crm, alice.id);
    const first = await notify({ userIds: [alice.id], kind: 'general', title: '断线前' }, t.crm.handle.db);
    await notify({ userIds: [alice.id], kind: 'general', title: '断线期间 1' }, t.crm.handle.db);
    await notify({ userIds: [alice.id], kind: 'general', title: '断线期间 2' }, t.crm.handle.db);
    const s = await openStream(base, { ...headers, 'last-event-id': first.created[0].id });
    await waitFor(() => notificationsIn(s).length === 2 || undefined);
    expect(notificationsIn(s).map((e) => e.data.notification.title)).toEqual(['断线期间 1', '断线期间 2']);
  });

  it('sends a replayed notification once, even when its announcement arrives after the reconnect', async () => {
    const headers = await cookieOf(t.crm, alice.id);
    const first = await notify({ userIds: [alice.id], kind: 'general', title: '重连前' }, t.crm.handle.db);
    const missed = await notify({ userIds: [alice.id], kind: 'general', title: '重连期间' }, t.crm.handle.db);
    const s = await openStream(base, { ...headers, 'last-event-id': first.created[0].id });
    await waitFor(() => notificationsIn(s).length === 1 || undefined);
    // Under load PostgreSQL delivers a NOTIFY late: this one reaches the hub after the replay.
    await announce(t.crm.handle.db, [{ type: 'notification', userId: alice.id, id: missed.created[0].id }]);
    await notify({ userIds: [alice.id], kind: 'general', title: '重连之后' }, t.crm.handle.db);
    await waitFor(() => notificationsIn(s).some((e) => e.data.notification.title === '重连之后') || undefined);
    expect(notificationsIn(s).map((e) => e.data.notification.title)).toEqual(['重连期间', '重连之后']);
  });
});

describe('a stream of a user who is no longer signed in', () => {
  it('ends with signed_out after a logout', async () => {
    const headers = await cookieOf(t.crm, alice.id);
    const s = await openStream(base, headers);
    await waitFor(() => s.events.find((e) => e.event === 'ready'));
    const logout = await t.crm.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(logout.statusCode).toBeLessThan(300);
    await waitFor(() => s.events.find((e) => e.event === 'signed_out'));
  });

  it('ends with signed_out when an admin deactivates the user, and the user cannot reconnect', async () => {
    const carol = await t.createUser({ role: 'sales_rep' });
    const headers = await cookieOf(t.crm, carol.id);
    const s = await openStream(base, headers);
    await waitFor(() => s.events.find((e) => e.event === 'ready'));
    await t.crm.handle.db.updateTable('users').set({ active: false }).where('id', '=', carol.id).execute();
    await waitFor(() => s.events.find((e) => e.event === 'signed_out'));
    expect((await openStream(base, headers)).status).toBe(401);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('several app instances on PostgreSQL', () => {
  it('a notification created through instance A reaches an SSE client of instance B (LISTEN/NOTIFY)', async () => {
    // Instance B: a second app on the same database and schema, listening on its own port.
    const b = await createCrm({ database: { url: process.env.TEST_DATABASE_URL!, schema: t.crm.handle.schema, poolSize: 2 } });
    try {
      const baseB = await listen(b);
      const s = await openStream(baseB, await cookieOf(b, bob.id));
      await waitFor(() => s.events.find((e) => e.event === 'ready'));
      const { created } = await notify({ userIds: [bob.id], kind: 'general', title: '来自实例 A 的通知' }, t.crm.handle.db);
      const pushed = await waitFor(() => notificationsIn(s).find((e) => e.id === created[0].id));
      expect(pushed.data.notification.title).toBe('来自实例 A 的通知');
      s.close();
    } finally {
      await b.close();
    }
  });
});
