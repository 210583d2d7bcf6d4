import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPendingNow } from '../src/modules/notifications/index.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';
import { startSmtpServer, waitFor } from './helpers/local-servers.js';

process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm(), startSmtpServer()]);
  const saved = await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: '青松客服', fromAddress: 'support@crm.test', appUrl: null });
  expect(saved.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('attachments in agent replies', () => {
  it('are stored on the message and mailed to the contact as real attachments; bad base64 is named', async () => {
    const contact = await t.admin.client.create('contacts', { name: '周杰', email: 'zhou@attach.test' });
    const ticket = await t.admin.client.create('tickets', { subject: '需要报价单', contact_id: contact.id });
    const pdf = Buffer.from('%PDF-1.4 报价单 content');
    const sent = await t.admin.client.post(`/api/v1/tickets/${ticket.id}/messages`, {
      kind: 'reply',
      text: '您好，报价单见附件。',
      lastSeenMessageId: null,
      attachments: [{ filename: '报价单 2026.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') }],
    });
    expect(sent.status, sent.text).toBe(201);
    expect((await deliverPendingNow(t.crm.handle.db)).errors).toEqual([]);
    const mail = await waitFor(() => smtp.received.find((m) => m.envelope.to.includes('zhou@attach.test')));
    expect(mail.mail.subject).toBe(`[${ticket.number}] 需要报价单`);
    const files = mail.mail.attachments ?? [];
    expect(files.map((f) => f.filename)).toEqual(['报价单 2026.pdf']);
    expect(files[0].contentType).toBe('application/pdf');
    expect(Buffer.from(files[0].content).equals(pdf)).toBe(true);

    const stored = (await t.admin.client.get(`/api/v1/tickets/${ticket.id}/messages`)).body.data[0];
    expect(stored.attachments).toMatchObject([{ filename: '报价单 2026.pdf', size: pdf.length }]);
    const download = await t.admin.client.get(`/api/v1/tickets/${ticket.id}/attachments/${stored.attachments[0].id}`);
    expect(download.status).toBe(200);

    const bad = await t.admin.client.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', text: 'x', lastSeenMessageId: stored.id, attachments: [{ filename: 'a.txt', contentType: 'text/plain', contentBase64: '不是base64' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('attachments.0.contentBase64');
  });
});
