/**
 * Inbound mail throughput (issue 12: >= 50 messages/s parsed, matched and stored). Appends N real
 * mails to a Dovecot started here (not timed), then times the poller: IMAP fetch by UID, mailparser
 * (a third GBK-encoded, with quoted history to trim, HTML to sanitise, an attachment), classification,
 * a claim row per mail, and a delivery that matches the sender to a contact by e-mail and stores
 * the message, in one transaction per fetched batch with the inbound_mails rows.
 *
 *   node --import tsx bench/inbound-mail.ts -- [--db pglite|postgres] [--n 1000]
 */
import { sql } from 'kysely';
import iconv from 'iconv-lite';
import { pollMailbox, type DeliverInboundMail } from '../apps/server/src/modules/service-mail/index.js';
import { saveMailboxSettings, loadMailboxSettings } from '../apps/server/src/modules/service-mail/settings/mailbox-settings.js';
import { MAIL_PASSWORD, MAIL_USER, startDovecot } from '../apps/server/test/helpers/dovecot.js';
import { openBenchCrm } from './bench-crm.js';

function mail(i: number): Buffer {
  const from = `customer${i % 200}@kehu${(i % 200) % 7}.cn`;
  if (i % 3 === 0) {
    const body = iconv.encode(`您好，\r\n\r\n订单 ${i} 的发票金额不对，请重新开具。\r\n\r\n张伟\r\n\r\n-----原始邮件-----\r\n发件人: 客服中心 <${MAIL_USER}>\r\n发送时间: 2026年12月1日\r\n主题: 发票\r\n\r\n之前的内容。\r\n`, 'gbk').toString('base64');
    return Buffer.from(`From: =?GBK?B?${iconv.encode('张伟', 'gbk').toString('base64')}?= <${from}>\r\nTo: ${MAIL_USER}\r\nSubject: =?GBK?B?${iconv.encode(`回复: 发票 ${i}`, 'gbk').toString('base64')}?=\r\nMessage-ID: <bench-${i}@kehu.cn>\r\nDate: Wed, 2 Dec 2026 09:30:12 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=GBK\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n`);
  }
  const boundary = `b${i}`;
  return Buffer.from(
    `From: Li Na <${from}>\r\nTo: ${MAIL_USER}\r\nSubject: RE: [T-${String(i).padStart(6, '0')}] Invoice\r\nMessage-ID: <bench-${i}@example.com>\r\nIn-Reply-To: <t-${i}@crm.local>\r\nDate: Wed, 2 Dec 2026 11:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
      `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Thanks, one more question about order ${i}.</p><script>x()</script><div id="divRplyFwdMsg"><b>From:</b> Support</div><p>old</p>\r\n` +
      `--${boundary}\r\nContent-Type: application/pdf; name="invoice.pdf"\r\nContent-Disposition: attachment; filename="invoice.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(3000, i % 256).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${boundary}--\r\n`,
  );
}

const dovecot = await startDovecot();
const { crm, kind, n, close } = await openBenchCrm('bench_inbound_mail');
const db = crm.handle.db;
try {
  await sql`CREATE TABLE bench_contacts (id serial PRIMARY KEY, email text UNIQUE)`.execute(db);
  await sql`INSERT INTO bench_contacts (email) SELECT 'customer' || g || '@kehu' || (g % 7) || '.cn' FROM generate_series(0, 199) g`.execute(db);
  await sql`CREATE TABLE bench_messages (id serial PRIMARY KEY, contact_id int, message_id text UNIQUE, subject text, body text, html text, attachments int)`.execute(db);
  const deliver: DeliverInboundMail = async (trx, m) => {
    const contact = await sql<{ id: number }>`SELECT id FROM bench_contacts WHERE email = ${m.from.address}`.execute(trx);
    const { rows } = await sql<{ id: number }>`INSERT INTO bench_messages (contact_id, message_id, subject, body, html, attachments) VALUES (${contact.rows[0]?.id ?? null}, ${m.messageId}, ${m.subject}, ${m.text}, ${m.html ?? null}, ${m.attachments.length}) RETURNING id`.execute(trx);
    return { ticketId: String(rows[0].id), messageId: m.messageId, created: true };
  };
  await saveMailboxSettings(db, { host: '127.0.0.1', port: dovecot.port, security: 'none', username: MAIL_USER, password: MAIL_PASSWORD, folder: 'INBOX', processedFolder: null, pollIntervalSeconds: 60, maxAttachmentBytes: 10 * 1024 * 1024, floodLimitPerHour: 10_000, enabled: false }, null);

  let t0 = performance.now();
  for (let i = 0; i < n; i += 200) await dovecot.append(Array.from({ length: Math.min(200, n - i) }, (_, k) => mail(i + k)));
  const appendSeconds = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const result = await pollMailbox(db, { settings: (await loadMailboxSettings(db))!, deliver, ownAddresses: [MAIL_USER], batchSize: 100 });
  const seconds = (performance.now() - t0) / 1000;
  const stored = await sql<{ n: number; matched: number }>`SELECT count(*)::int AS n, count(contact_id)::int AS matched FROM bench_messages`.execute(db);
  console.log(`inbound mail, ${kind}: ${n} mails appended in ${appendSeconds.toFixed(1)} s (not timed)`);
  console.log(`poll: ${result.delivered} delivered, ${result.quarantined} quarantined, ${result.ignored} ignored; ${stored.rows[0].n} stored, ${stored.rows[0].matched} matched to a contact`);
  console.log(`${seconds.toFixed(2)} s → ${(result.delivered / seconds).toFixed(0)} messages/s`);
  if (result.delivered !== n) process.exitCode = 1;
} finally {
  await close();
  await dovecot.stop();
}
