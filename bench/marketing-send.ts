/**
 * Marketing send throughput to a local SMTP receiver (smtp-server, in this process): N opted-in
 * contacts in a static segment, one send at an unthrottled rate (60,000/min), timed from start to
 * the last delivery. Recipients are claimed in batches (CRM_MARKETING_BATCH) before SMTP, rendered
 * with their variables, tracked (signed links, pixel, unsubscribe headers), sent over a pool of
 * CRM_MARKETING_SMTP_CONNECTIONS connections and marked delivered one batch at a time.
 *
 *   node --import tsx bench/marketing-send.ts -- [--db pglite|postgres] [--n 1000]
 */
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { SYSTEM_CONTEXT } from '../apps/server/src/engine/index.js';
import { startSend } from '../apps/server/src/modules/marketing/email/start-send.js';
import { runSend } from '../apps/server/src/modules/marketing/email/worker.js';
import { saveSmtpSettings } from '../apps/server/src/modules/notifications/email/smtp-settings.js';
import { openBenchCrm } from './bench-crm.js';

process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';
let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      cb();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const port = (smtp as unknown as { server: { address(): { port: number } } }).server.address().port;

const { crm, kind, n, close } = await openBenchCrm('bench_marketing_send');
const { db } = crm.handle;
const records = crm.engine.records;
try {
  await saveSmtpSettings(db, { host: '127.0.0.1', port, security: 'none', username: null, fromName: '市场部', fromAddress: 'news@crm.test', appUrl: 'https://crm.example.com' }, null);
  const customer = await records.create('customers', { name: '上海青松科技有限公司' }, SYSTEM_CONTEXT);
  const ids: string[] = [];
  for (let i = 0; i < n; i += 500) {
    const rows = Array.from({ length: Math.min(500, n - i) }, (_, k) => ({ name: `联系人${i + k}`, email: `c${i + k}@client.test`, customer_id: customer.id, marketing_consent: 'opted_in' }));
    ids.push(...(await records.bulkCreate('contacts', rows, SYSTEM_CONTEXT)).map((r) => r.id as string));
  }
  const segment = await records.create('segments', { name: '压测名单', kind: 'static', object: 'contacts' }, SYSTEM_CONTEXT);
  await sql`INSERT INTO marketing_segment_members (segment_id, record_id) SELECT ${segment.id}, unnest(${sql.val(ids)}::uuid[])`.execute(db);
  const template = await records.create('marketing_templates', {
    name: '压测模板',
    subject_zh: '{{contact.name | 客户}}，{{customer.name | 贵公司}}专享',
    body_zh: '<h2>新品上市</h2><p>{{contact.name | 客户}}，您好：</p><p><a href="https://shop.example.com/a">新品</a> · <a href="https://shop.example.com/b">活动</a></p>',
  }, SYSTEM_CONTEXT);
  const send = await records.create('marketing_sends', { name: '压测群发', template_id: template.id, segment_id: segment.id, rate_per_minute: 60_000 }, SYSTEM_CONTEXT);

  let t0 = performance.now();
  await startSend(db, crm.engine, send.id as string, SYSTEM_CONTEXT);
  const queueSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const deps = { db, engine: crm.engine, workerId: 'bench', stopping: () => false };
  while ((await runSend(deps, send.id as string)) !== null);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const { rows } = await sql<{ delivered: number }>`SELECT count(*) FILTER (WHERE state = 'delivered')::int AS delivered FROM marketing_send_recipients WHERE send_id = ${send.id}`.execute(db);
  console.log(`marketing send, ${kind}: ${n} recipients queued in ${queueSeconds.toFixed(2)} s`);
  console.log(`${rows[0].delivered} delivered, ${received} received in ${seconds.toFixed(2)} s → ${(rows[0].delivered / seconds).toFixed(0)} messages/s (${((rows[0].delivered / seconds) * 60).toFixed(0)}/min)`);
  console.log(`CPU of this process (worker, SMTP receiver${kind === 'pglite' ? ', embedded database' : ''}): ${cpuSeconds.toFixed(1)} s → ${(rows[0].delivered / cpuSeconds).toFixed(0)} messages per CPU second; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
  if (rows[0].delivered !== n || received !== n) process.exitCode = 1;
} finally {
  await close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
}
