import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPendingNow } from '../src/modules/notifications/index.js';
import { Client, startTestCrm, type TestCrm } from './helpers/crm.js';
import { startSmtpServer, waitFor } from './helpers/local-servers.js';

process.env.CRM_OUTBOUND_ALLOW = '127.0.0.1';

let t: TestCrm;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  [t, smtp] = await Promise.all([startTestCrm(), startSmtpServer()]);
  await t.admin.client.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', username: null, fromName: '客服', fromAddress: 'support@crm.test', appUrl: 'https://crm.example.test' });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function signIn(email: string): Promise<{ api: Client; cookie: string }> {
  const before = smtp.received.length;
  await t.app.inject({ method: 'POST', url: '/api/portal/login/code', remoteAddress: '10.3.0.1', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email }) });
  await deliverPendingNow(t.crm.handle.db);
  const mail = await waitFor(() => smtp.received.slice(before).find((m) => m.envelope.to.includes(email)));
  const code = /(\d{6})/.exec(mail.mail.subject!)![1];
  const res = await t.app.inject({ method: 'POST', url: '/api/portal/login/verify', remoteAddress: '10.3.0.1', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email, code }) });
  const cookie = `crm_portal=${res.cookies.find((c) => c.name === 'crm_portal')!.value}`;
  return { api: new Client(t.app, { cookie }), cookie };
}

/** A multipart body by hand: text fields and files, as a browser form sends them. */
function multipart(fields: Record<string, string>, files: { name: string; type: string; content: Buffer }[]) {
  const boundary = '----portal' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const post = (url: string, cookie: string, body: ReturnType<typeof multipart>) =>
  t.app.inject({ method: 'POST', url, remoteAddress: '10.3.0.2', headers: { ...body.headers, cookie }, payload: body.payload });

describe('portal attachments', () => {
  it('takes files on a new ticket and a reply, shows them to the contact and the agent, refuses too many or too large', async () => {
    const email = 'files@kehu.test';
    await t.admin.client.create('contacts', { name: '附件客户', email });
    const { api, cookie } = await signIn(email);
    const pdf = Buffer.from('%PDF-1.4 报价单');
    const created = await post('/portal/tickets', cookie, multipart({ subject: '发票有误', description: '见附件', category: 'billing' }, [{ name: '发票.pdf', type: 'application/pdf', content: pdf }, { name: '', type: 'application/octet-stream', content: Buffer.alloc(0) }]));
    expect(created.statusCode, created.body).toBe(303);
    const ticketId = String(created.headers.location).split('?')[0].split('/').pop()!;

    const staff = await t.admin.client.get(`/api/v1/tickets/${ticketId}/messages`);
    const first = staff.body.data.find((m: { attachments: unknown[] }) => m.attachments?.length);
    expect(first.attachments.map((a: { filename: string; size: number }) => [a.filename, a.size])).toEqual([['发票.pdf', pdf.length]]);
    const download = await t.admin.client.get(`/api/v1/tickets/${ticketId}/attachments/${first.attachments[0].id}`);
    expect(download.status).toBe(200);

    // JSON API reply with base64, then the page shows both files with links the contact can open.
    const reply = await api.post(`/api/portal/tickets/${ticketId}/messages`, { text: '补充截图', attachments: [{ filename: '截图.png', contentType: 'image/png', contentBase64: Buffer.from('png').toString('base64') }] });
    expect(reply.status, reply.text).toBe(201);
    const view = await api.get(`/api/portal/tickets/${ticketId}`);
    const files = view.body.data.messages.flatMap((m: { files: { id: string; filename: string }[] }) => m.files);
    expect(files.map((f: { filename: string }) => f.filename).sort()).toEqual(['发票.pdf', '截图.png']);
    const page = await t.app.inject({ method: 'GET', url: `/portal/tickets/${ticketId}`, headers: { cookie } });
    expect(page.body).toContain('发票.pdf');
    const file = await t.app.inject({ method: 'GET', url: `/portal/tickets/${ticketId}/files/${files[0].id}`, headers: { cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.length).toBeGreaterThan(0);
    // Another contact gets 404 for the file.
    await t.admin.client.create('contacts', { name: '别人', email: 'other@kehu.test' });
    const other = await signIn('other@kehu.test');
    expect((await t.app.inject({ method: 'GET', url: `/portal/tickets/${ticketId}/files/${files[0].id}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);

    const six = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, type: 'text/plain', content: Buffer.from('x') }));
    const many = await post(`/portal/tickets/${ticketId}/reply`, cookie, multipart({ text: '六个文件' }, six));
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain('5');
    const big = await post(`/portal/tickets/${ticketId}/reply`, cookie, multipart({ text: '大文件' }, [{ name: '大.bin', type: 'application/octet-stream', content: Buffer.alloc(10 * 1024 * 1024 + 1) }]));
    expect(big.statusCode).toBe(400);
    expect(big.body).toContain('大.bin');
    const jsonBig = await api.post(`/api/portal/tickets/${ticketId}/messages`, { text: 'x', attachments: Array.from({ length: 6 }, () => ({ filename: 'a.txt', contentType: 'text/plain', contentBase64: 'eA==' })) });
    expect(jsonBig.status).toBe(400);
    expect(JSON.stringify(jsonBig.body.error.details)).toContain('attachments');
    // Nothing of the refused replies was written.
    const after = await t.admin.client.get(`/api/v1/tickets/${ticketId}/messages`);
    expect(after.body.data.some((m: { body_text?: string; bodyText?: string }) => (m.bodyText ?? m.body_text) === '六个文件')).toBe(false);
  });
});
