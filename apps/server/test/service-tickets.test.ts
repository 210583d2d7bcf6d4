import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPendingNow } from '../src/modules/notifications/index.js';
import { receiveTicketMail, type InboundTicketMail } from '../src/modules/service/index.js';
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

const moduleCtx = () => ({ engine: t.crm.engine, db: t.crm.handle.db, handle: t.crm.handle, bus: t.crm.bus }) as Parameters<typeof receiveTicketMail>[0];
let mailSeq = 0;
const inbound = (over: Partial<InboundTicketMail>): InboundTicketMail => ({
  messageId: `<m${++mailSeq}.${Date.now()}@mail.customer.test>`,
  references: [],
  from: { address: 'li.lei@yunfan.test', name: '李雷' },
  subject: '打印机无法连接',
  text: '你好，打印机一直显示离线。',
  attachments: [],
  droppedAttachments: [],
  receivedAt: new Date(),
  ...over,
});

describe('ticket numbers', () => {
  it('are sequential T-000123 numbers, unique under concurrent creates, never set by the client', async () => {
    const forged = await t.admin.client.post('/api/v1/tickets', { subject: '自带编号', number: 'T-999999' });
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0].path).toBe('number');
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) => t.admin.client.create('tickets', { subject: `并发工单 ${i}` })));
    const numbers = created.map((c) => c.number as string);
    expect(numbers.every((n) => /^T-\d{6}$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(12);
    const values = numbers.map((n) => Number(n.slice(2))).sort((a, b) => a - b);
    expect(values[11] - values[0]).toBe(11);
    // A deleted ticket's number is not given again.
    await t.admin.client.delete(`/api/v1/tickets/${created[0].id}`);
    const next = await t.admin.client.create('tickets', { subject: '之后的工单' });
    expect(Number(String(next.number).slice(2))).toBeGreaterThan(values[11]);
  });
});

describe('conversation', () => {
  it("e-mails an agent's reply to the contact with the number and threading headers, sets the first response, refuses a stale reply", async () => {
    const customer = await t.admin.client.create('customers', { name: '云帆科技' });
    const contact = await t.admin.client.create('contacts', { name: '韩梅梅', email: 'han@yunfan.test', customer_id: customer.id });
    const ticket = await t.admin.client.create('tickets', { subject: '发票抬头错误', contact_id: contact.id, customer_id: customer.id });
    expect(ticket.status).toBe('new');

    const sent = await t.admin.client.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', text: '您好，已为您重开发票。', lastSeenMessageId: null });
    expect(sent.status).toBe(201);
    expect(sent.body.data.mailed).toBe(true);
    const out = await deliverPendingNow(t.crm.handle.db);
    expect(out.errors).toEqual([]);
    const mail = await waitFor(() => smtp.received.find((m) => m.envelope.to.includes('han@yunfan.test')));
    expect(mail.mail.subject).toBe(`[${ticket.number}] 发票抬头错误`);
    expect(mail.mail.messageId).toBe(`<${sent.body.data.id}@crm.test>`);
    expect(mail.mail.text).toContain('已为您重开发票');

    const after = (await t.admin.client.get(`/api/v1/tickets/${ticket.id}`)).body.data;
    expect(after.status).toBe('open');
    expect(after.first_responded_at).toBeTruthy();

    // The customer answers that mail: threaded by In-Reply-To onto the ticket, then our next reply refers to it.
    const answerMail = inbound({ from: { address: 'han@yunfan.test' }, subject: 'Re: 发票', inReplyTo: mail.mail.messageId, references: [mail.mail.messageId!] });
    const answer = await receiveTicketMail(moduleCtx(), answerMail);
    expect(answer).toMatchObject({ ticketId: ticket.id, created: false });

    // An agent who last saw the first reply is warned: a newer message came in.
    const stale = await t.admin.client.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', text: '还有问题吗？', lastSeenMessageId: sent.body.data.id });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0].path).toBe('lastSeenMessageId');
    const second = await t.admin.client.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', text: '好的，已处理。', lastSeenMessageId: answer.messageId, status: 'solved' });
    expect(second.status).toBe(201);
    await deliverPendingNow(t.crm.handle.db);
    const threaded = await waitFor(() => smtp.received.find((m) => m.mail.messageId === `<${second.body.data.id}@crm.test>`));
    expect(threaded.mail.inReplyTo).toBe(answerMail.messageId);
    expect(threaded.mail.references).toEqual([mail.mail.messageId, answerMail.messageId]);
    expect((await t.admin.client.get(`/api/v1/tickets/${ticket.id}`)).body.data.solved_at).toBeTruthy();

    const messages = (await t.admin.client.get(`/api/v1/tickets/${ticket.id}/messages`)).body.data;
    expect(messages.map((m: { direction: string }) => m.direction)).toEqual(['out', 'in', 'out']);
  });

  it('notifies colleagues @mentioned in an internal note, which is not mailed', async () => {
    const colleague = await t.createUser({ role: 'support_manager', name: '王主管' });
    const ticket = await t.admin.client.create('tickets', { subject: '需要主管确认退款' });
    const note = await t.admin.client.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'note', text: '@王主管 请确认', lastSeenMessageId: null, mentions: [colleague.id] });
    expect(note.status).toBe(201);
    expect(note.body.data.mailed).toBe(false);
    const inbox = await colleague.client.get('/api/v1/notifications');
    expect(inbox.body.data.some((n: { title: string; link: string }) => n.title.includes(ticket.number) && n.link === `/service/tickets/${ticket.id}`)).toBe(true);
  });

  it('shows who else is replying on a ticket', async () => {
    const other = await t.createUser({ role: 'support_manager', name: '赵客服' });
    const ticket = await t.admin.client.create('tickets', { subject: '并发回复' });
    expect((await other.client.post(`/api/v1/tickets/${ticket.id}/replying`)).body.data.others).toEqual([]);
    const seen = await t.admin.client.post(`/api/v1/tickets/${ticket.id}/replying`);
    expect(seen.body.data.others.map((o: { name: string }) => o.name)).toEqual(['赵客服']);
  });

  it('fills canned-reply variables from the ticket and its contact', async () => {
    const contact = await t.admin.client.create('contacts', { name: '李明' });
    const ticket = await t.admin.client.create('tickets', { subject: '账号锁定', contact_id: contact.id });
    const canned = await t.admin.client.post('/api/v1/service/canned-replies', { title: '问候', body: '{{contact.name}}您好，工单 {{ticket.number}} 已收到。' });
    expect(canned.status).toBe(201);
    const rendered = await t.admin.client.get(`/api/v1/tickets/${ticket.id}/canned-replies/${canned.body.data.id}`);
    expect(rendered.body.data.text).toBe(`李明您好，工单 ${ticket.number} 已收到。`);
    const agent = await t.createUser({ role: 'service_agent' });
    expect((await agent.client.post('/api/v1/service/canned-replies', { title: 'x', body: 'y' })).status).toBe(403);
    expect((await agent.client.get('/api/v1/service/canned-replies')).status).toBe(200);
  });
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
