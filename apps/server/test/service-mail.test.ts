import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/types.js';
import { pollMailbox, setInboundMailDelivery, type DeliverInboundMail } from '../src/modules/service-mail/index.js';
import { loadMailboxSettings } from '../src/modules/service-mail/settings/mailbox-settings.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { MAIL_PASSWORD, MAIL_USER, startDovecot, type Dovecot } from './helpers/dovecot.js';
import type { Kysely } from 'kysely';

/** The support mailbox against a real Dovecot: fetched once, parsed right, classified right. */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures/mail', name));
const FIXTURES = ['foxmail-gbk.eml', 'outlook-big5.eml', 'outlook-reply.eml', 'auto-reply.eml', 'bounce.eml', 'malformed-mime.eml', 'oversized-attachment.eml'];

let t: TestCrm;
let dovecot: Dovecot;
let db: Kysely<Database>;

interface Arrived {
  message_id: string;
  from_address: string;
  subject: string;
  body: string;
  html: string | null;
  in_reply_to: string | null;
  attachments: string[];
  dropped: { filename: string; size: number; reason: string }[];
  auto_reply: boolean;
}

/** The test's receiver: a real table, written in the poller's transaction, as the tickets module will. */
const deliver: DeliverInboundMail = async (trx, mail, flags) => {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO test_arrived_mails (message_id, from_address, subject, body, html, in_reply_to, attachments, dropped, auto_reply)
    VALUES (${mail.messageId}, ${mail.from.address}, ${mail.subject}, ${mail.text}, ${mail.html ?? null}, ${mail.inReplyTo ?? null},
            ${JSON.stringify(mail.attachments.map((a) => `${a.filename}:${a.content.length}`))}, ${JSON.stringify(mail.droppedAttachments)}, ${flags.autoReply})
    RETURNING id`.execute(trx);
  return { ticketId: `ticket-${rows[0].id}`, messageId: mail.messageId, created: true };
};

const arrived = async () => (await sql<Arrived>`SELECT * FROM test_arrived_mails ORDER BY id`.execute(db)).rows;
const arrivedFrom = async (address: string) => (await arrived()).filter((m) => m.from_address === address);
const settingsBody = (folder = 'INBOX', extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: dovecot.port, security: 'none', username: MAIL_USER, password: MAIL_PASSWORD, folder, maxAttachmentBytes: 20_000, enabled: false, ...extra });
const poll = () => t.admin.client.post('/api/v1/service-mail/poll');
const rawMail = (from: string, messageId: string, subject: string, extraHeaders = '') =>
  `From: ${from}\r\nTo: ${MAIL_USER}\r\nSubject: ${subject}\r\nMessage-ID: ${messageId}\r\nDate: Wed, 2 Dec 2026 15:00:00 +0800\r\n${extraHeaders}Content-Type: text/plain; charset=utf-8\r\n\r\n${subject} 正文\r\n`;

beforeAll(async () => {
  dovecot = await startDovecot();
  t = await startTestCrm();
  db = t.crm.handle.db;
  await sql`CREATE TABLE test_arrived_mails (id serial PRIMARY KEY, message_id text UNIQUE, from_address text, subject text, body text, html text, in_reply_to text, attachments jsonb, dropped jsonb, auto_reply boolean)`.execute(db);
  setInboundMailDelivery(t.crm.modules, deliver);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await dovecot?.stop();
});

describe('support mailbox settings', () => {
  it('saves the IMAP settings, never returns the password and audits it only as changed', async () => {
    const saved = await t.admin.client.request('PUT', '/api/v1/service-mail/settings', settingsBody());
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ host: '127.0.0.1', hasPassword: true, folder: 'INBOX' });
    expect(JSON.stringify(saved.body)).not.toContain(MAIL_PASSWORD);
    const again = await t.admin.client.request('PUT', '/api/v1/service-mail/settings', { ...settingsBody(), password: 'another-pass' });
    expect(again.status).toBe(200);
    const audit = await db.selectFrom('audit_log').select('changes').where('object', '=', 'settings').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const text = JSON.stringify(audit.changes);
    expect(text).toContain('mailbox');
    expect(text).toContain('password');
    expect(text).not.toContain('another-pass');
    // Back to the real password; omitted means kept.
    await t.admin.client.request('PUT', '/api/v1/service-mail/settings', settingsBody());
    const kept = await t.admin.client.request('PUT', '/api/v1/service-mail/settings', { ...settingsBody(), password: undefined });
    expect(kept.body.data.hasPassword).toBe(true);
    expect((await loadMailboxSettings(db))?.password).toBe(MAIL_PASSWORD);
  });

  it('names the field of bad input and keeps the mailbox to administrators', async () => {
    const bad = await t.admin.client.request('PUT', '/api/v1/service-mail/settings', { ...settingsBody(), port: 70000 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('port');
    const agent = await t.createUser({ role: 'sales_rep' });
    expect((await agent.client.get('/api/v1/service-mail/settings')).status).toBe(403);
    expect((await agent.client.get('/api/v1/service-mail/inbound')).status).toBe(403);
  });

  it('tests the connection with the saved settings', async () => {
    const res = await t.admin.client.post('/api/v1/service-mail/settings/test');
    expect(res.status).toBe(200);
    expect(res.body.data.ok).toBe(true);
    await t.admin.client.request('PUT', '/api/v1/service-mail/settings', { ...settingsBody(), password: 'wrong' });
    const wrong = await t.admin.client.post('/api/v1/service-mail/settings/test');
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details[0].path).toBe('password');
    await t.admin.client.request('PUT', '/api/v1/service-mail/settings', settingsBody());
  });
});

describe('polling real mail', () => {
  it('fetches each mail once, decodes GBK and Big5, trims history, sanitises HTML and flags auto-replies', async () => {
    await dovecot.append(FIXTURES.map(fixture));
    const first = await poll();
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ claimed: 7, delivered: 6, quarantined: 1, ignored: 0 });

    const [gbk] = await arrivedFrom('zhangwei@kehu.cn');
    expect(gbk.subject).toBe('回复: 关于贵司的发票');
    expect(gbk.body).toContain('应该是 12,800 元');
    expect(gbk.body).not.toContain('原始邮件');
    expect(gbk.body).not.toContain('发票已寄出');

    const [big5] = await arrivedFrom('chen@taibei-trade.tw');
    expect(big5.subject).toBe('回覆: 報價單');
    expect(big5.body).toContain('交貨期是否可以提前到下個月');
    expect(big5.body).not.toContain('寄件者');
    expect(big5.html).toContain('採購部');
    expect(big5.html).not.toContain('附上報價單');

    const [reply] = await arrivedFrom('lina@example.com');
    expect(reply.in_reply_to).toBe('<t-000123.m1abc.0a1b2c3d4e5f@test.local>');
    expect(reply.body).toMatch(/send it as PDF too\?\n\nBest regards\nLi Na$/);
    expect(reply.html).toContain('<b>PDF</b>');
    for (const bad of ['<script', 'onerror', 'javascript:', 'tracker.example', 'corrected invoice']) expect(reply.html).not.toContain(bad);

    expect((await arrivedFrom('wangfang@kehu.cn'))[0].auto_reply).toBe(true);
    expect((await arrivedFrom('mailer-daemon@mx.kehu.cn'))[0].auto_reply).toBe(true);
    expect(reply.auto_reply).toBe(false);

    const [big] = await arrivedFrom('zhaolei@kehu.cn');
    expect(big.attachments).toEqual(['invoice.pdf:460']);
    expect(big.dropped).toEqual([{ filename: 'photo.jpg', size: 49152, reason: 'too_large' }]);

    // A second poll finds nothing new; the mails are \Seen on the server.
    expect((await poll()).body.data).toEqual({ claimed: 0, delivered: 0, quarantined: 0, ignored: 0 });
    expect(await arrived()).toHaveLength(6);
    const client = await dovecot.client();
    try {
      await client.mailboxOpen('INBOX');
      expect(await client.search({ seen: false })).toEqual([]);
    } finally {
      await client.logout();
    }
  });

  it('quarantines malformed MIME visibly; an admin re-processes it with what could be read, or discards', async () => {
    const list = await t.admin.client.get('/api/v1/service-mail/inbound?status=quarantined');
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const entry = list.body.data[0];
    expect(entry).toMatchObject({ from: 'broken@kehu.cn', status: 'quarantined', reason: 'malformed_mime: multipart not closed' });
    expect(entry.rawSize).toBeGreaterThan(300);

    const done = await t.admin.client.post(`/api/v1/service-mail/inbound/${entry.id}/reprocess`);
    expect(done.status).toBe(200);
    const [broken] = await arrivedFrom('broken@kehu.cn');
    expect(broken.body).toContain('the quantity should be 40');
    expect(broken.attachments).toEqual(['order.xls:49']);
    // Handled once: neither again nor discarded after.
    expect((await t.admin.client.post(`/api/v1/service-mail/inbound/${entry.id}/reprocess`)).status).toBe(409);
    expect((await t.admin.client.post(`/api/v1/service-mail/inbound/${entry.id}/discard`)).status).toBe(409);
    expect((await t.admin.client.post('/api/v1/service-mail/inbound/999999/discard')).status).toBe(404);
    expect((await t.admin.client.post('/api/v1/service-mail/inbound/abc/discard')).status).toBe(400);
  });

  it('ignores a second copy of a Message-ID and our own mail come back', async () => {
    await dovecot.append([fixture('foxmail-gbk.eml'), rawMail(`Support <${MAIL_USER}>`, '<own-1@test.local>', 'Our own notice'), rawMail('loop@kehu.cn', '<loop-1@kehu.cn>', 'Loop', `X-Loop: ${MAIL_USER}\r\n`)]);
    expect((await poll()).body.data).toEqual({ claimed: 3, delivered: 0, quarantined: 0, ignored: 3 });
    const ignored = await t.admin.client.get('/api/v1/service-mail/inbound?status=ignored');
    expect(ignored.body.data.map((m: { reason: string }) => m.reason).sort()).toEqual(['duplicate_message_id', 'loop: own_address', 'loop: x_loop']);
    expect(await arrivedFrom('zhangwei@kehu.cn')).toHaveLength(1);
  });

  it('quarantines a flood from one sender beyond the hourly limit', async () => {
    await t.admin.client.request('PUT', '/api/v1/service-mail/settings', settingsBody('INBOX', { floodLimitPerHour: 3 }));
    await dovecot.append(Array.from({ length: 5 }, (_, i) => rawMail('flood@spam.example', `<flood-${i}@spam.example>`, `Buy now ${i}`)));
    expect((await poll()).body.data).toEqual({ claimed: 5, delivered: 3, quarantined: 2, ignored: 0 });
    const quarantined = await t.admin.client.get('/api/v1/service-mail/inbound?status=quarantined');
    expect(quarantined.body.data.filter((m: { reason: string }) => m.reason === 'flood')).toHaveLength(2);
    await t.admin.client.request('PUT', '/api/v1/service-mail/settings', settingsBody());
  });
});

describe('exactly once across crashes and instances', () => {
  const options = async (extra = {}) => ({ settings: (await loadMailboxSettings(db))!, deliver, ownAddresses: [MAIL_USER], ...extra });

  it('re-delivers a mail whose poller died after claiming it, once, after the lease ran out', async () => {
    await dovecot.append([rawMail('crash@kehu.cn', '<crash-1@kehu.cn>', 'Crash test')]);
    class Crash extends Error {}
    // The poller "dies" right after its claim committed; its lease (0 s) has run out at once.
    await expect(pollMailbox(db, await options({ leaseSeconds: 0, afterClaim: async () => { throw new Crash('killed'); } }))).rejects.toThrow('killed');
    expect(await arrivedFrom('crash@kehu.cn')).toHaveLength(0);
    const claimed = await t.admin.client.get('/api/v1/service-mail/inbound?status=claimed');
    expect(claimed.body.data).toHaveLength(1);

    expect(await pollMailbox(db, await options())).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await pollMailbox(db, await options())).toMatchObject({ claimed: 0, delivered: 0 });
    expect(await arrivedFrom('crash@kehu.cn')).toHaveLength(1);
    const [row] = (await t.admin.client.get('/api/v1/service-mail/inbound?status=delivered&limit=1')).body.data;
    expect(row).toMatchObject({ from: 'crash@kehu.cn', attempts: 2 });
  });

  it('does not take over a live claim (lease not run out)', async () => {
    await dovecot.append([rawMail('slow@kehu.cn', '<slow-1@kehu.cn>', 'Slow poller')]);
    await expect(pollMailbox(db, await options({ afterClaim: async () => { throw new Error('paused'); } }))).rejects.toThrow('paused');
    expect(await pollMailbox(db, await options())).toMatchObject({ claimed: 0 });
    expect(await arrivedFrom('slow@kehu.cn')).toHaveLength(0);
    await sql`UPDATE inbound_mails SET claimed_until = now() - interval '1 second' WHERE status = 'claimed'`.execute(db);
    expect(await pollMailbox(db, await options())).toMatchObject({ claimed: 1, delivered: 1 });
  });

  it('two pollers at once deliver every mail exactly once', async () => {
    const mails = Array.from({ length: 30 }, (_, i) => rawMail(`twin${i}@kehu.cn`, `<twin-${i}@kehu.cn>`, `Twin ${i}`));
    await dovecot.append(mails);
    const [a, b] = await Promise.all([pollMailbox(db, await options({ batchSize: 5 })), pollMailbox(db, await options({ batchSize: 5 }))]);
    expect(a.claimed + b.claimed).toBe(30);
    expect(a.delivered + b.delivered).toBe(30);
    const twins = (await arrived()).filter((m) => m.from_address.startsWith('twin'));
    expect(new Set(twins.map((m) => m.message_id)).size).toBe(30);
    expect(twins).toHaveLength(30);
  });

  it('stores a fetched batch in one transaction; a failing delivery costs only its own mail', async () => {
    await sql`CREATE TABLE IF NOT EXISTS test_batch_tx (message_id text PRIMARY KEY, tx text)`.execute(db);
    // Records the transaction each mail was stored in; the mail titled "Fail" cannot be delivered.
    const recording: DeliverInboundMail = async (trx, mail, flags) => {
      if (mail.subject === 'Fail 3') throw new Error('receiver refused');
      await sql`INSERT INTO test_batch_tx (message_id, tx) VALUES (${mail.messageId}, txid_current()::text)`.execute(trx);
      return deliver(trx, mail, flags);
    };
    await dovecot.append(Array.from({ length: 8 }, (_, i) => rawMail(`batch${i}@kehu.cn`, `<batch-${i}@kehu.cn>`, `Batch ${i}`)));
    expect(await pollMailbox(db, await options({ deliver: recording, batchSize: 50 }))).toMatchObject({ claimed: 8, delivered: 8 });
    const { rows } = await sql<{ n: number }>`SELECT count(DISTINCT tx)::int AS n FROM test_batch_tx WHERE message_id LIKE '<batch-%'`.execute(db);
    expect(rows[0].n).toBe(1);

    await dovecot.append(Array.from({ length: 6 }, (_, i) => rawMail(`fail${i}@kehu.cn`, `<fail-${i}@kehu.cn>`, `Fail ${i}`)));
    expect(await pollMailbox(db, await options({ deliver: recording }))).toMatchObject({ claimed: 6, delivered: 5, quarantined: 1 });
    expect((await arrived()).filter((m) => m.from_address.startsWith('fail')).map((m) => m.subject)).toEqual(['Fail 0', 'Fail 1', 'Fail 2', 'Fail 4', 'Fail 5']);
    const quarantined = await t.admin.client.get('/api/v1/service-mail/inbound?status=quarantined');
    expect(quarantined.body.data.find((m: { from: string }) => m.from === 'fail3@kehu.cn')).toMatchObject({ reason: 'delivery_failed: receiver refused' });
  });

  it('starts again when the folder is rebuilt (new UIDVALIDITY) without delivering old mail twice', async () => {
    await dovecot.append([rawMail('first@kehu.cn', '<rebuilt-1@kehu.cn>', 'Before rebuild')], 'Support');
    await t.admin.client.request('PUT', '/api/v1/service-mail/settings', settingsBody('Support'));
    expect((await poll()).body.data).toMatchObject({ claimed: 1, delivered: 1 });
    const client = await dovecot.client();
    await client.mailboxDelete('Support');
    await client.logout();
    await dovecot.append([rawMail('first@kehu.cn', '<rebuilt-1@kehu.cn>', 'Before rebuild'), rawMail('second@kehu.cn', '<rebuilt-2@kehu.cn>', 'After rebuild')], 'Support');
    expect((await poll()).body.data).toEqual({ claimed: 2, delivered: 1, quarantined: 0, ignored: 1 });
    expect(await arrivedFrom('first@kehu.cn')).toHaveLength(1);
    expect(await arrivedFrom('second@kehu.cn')).toHaveLength(1);
  });
});
