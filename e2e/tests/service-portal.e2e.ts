import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailReceiver } from '../mail-receiver';
import { ApiClient, launchBrowser, newContext } from '../helpers';
import { eventually, expectText, runId } from './ui';

/** A customer on a phone: code by e-mail (a real SMTP receiver) → new ticket with KB suggestions → reply → rating. */
describe('self-service portal', () => {
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startMailReceiver>> | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('a contact signs in with a mailed code, opens a ticket, replies after the answer and rates it, at 390 px', async () => {
    const admin = await ApiClient.login();
    receiver = await startMailReceiver(admin, 'support@crm.test');
    const id = runId();
    const email = `portal-${id}@kehu.test`;
    await admin.post('/api/v1/contacts', { name: `门户客户${id}`, email });
    await admin.post('/api/v1/kb_articles', { title: `打印机离线怎么办 ${id}`, body: '检查网线与电源。', visibility: 'public', status: 'published' });

    const context = await newContext(browser, { width: 390, height: 844 });
    const page = await context.newPage();
    await page.goto('/portal');
    await page.locator('#email').fill(email);
    await page.getByRole('button', { name: '发送验证码' }).click();
    await expectText(page.getByTestId('portal-notice'), '6 位验证码');
    let code = '';
    await eventually(async () => {
      const mail = receiver!.mails.find((m) => m.to.includes(email));
      expect(mail).toBeDefined();
      code = /(\d{6})/.exec(mail!.subject)![1];
    }, 30_000);
    await page.locator('#code').fill(code);
    await page.getByRole('button', { name: '登录' }).click();
    await expectText(page.getByTestId('portal-tickets'), '您还没有工单');

    await page.getByTestId('portal-new').click();
    await page.locator('#subject').fill(`打印机离线 ${id}`);
    await expectText(page.locator('#kb-suggest'), `打印机离线怎么办 ${id}`);
    await page.screenshot({ path: 'e2e/screenshots/portal-new-390.png', fullPage: true }).catch(() => undefined);
    await page.locator('#category').selectOption('fault');
    await page.locator('#description').fill('办公室的打印机一直显示离线，重启也没用。');
    await page.getByRole('button', { name: '提交' }).click();
    await expectText(page.getByTestId('portal-ticket-meta'), '新建');
    const ticketId = new URL(page.url()).pathname.split('/').pop()!;
    const ticket = await admin.get<{ data: { channel: string; status: string } }>(`/api/v1/tickets/${ticketId}`);
    expect(ticket.data.channel).toBe('portal');

    await admin.post(`/api/v1/tickets/${ticketId}/messages`, { kind: 'note', text: `内部备注${id}`, lastSeenMessageId: null, force: true });
    await admin.post(`/api/v1/tickets/${ticketId}/messages`, { kind: 'reply', text: '请检查网线是否插好。', lastSeenMessageId: null, force: true, status: 'solved' });
    await page.reload();
    await expectText(page.getByTestId('portal-conversation'), '请检查网线是否插好');
    expect(await page.getByTestId('portal-conversation').textContent()).not.toContain(`内部备注${id}`);
    await expectText(page.getByTestId('portal-ticket-meta'), '已解决');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'e2e/screenshots/portal-ticket-390.png', fullPage: true }).catch(() => undefined);

    await page.getByText('★★★★★', { exact: true }).click();
    await page.locator('#comment').fill('很快就解决了');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expectText(page.getByTestId('portal-notice'), '感谢您的评价');
    expect((await admin.get<{ data: { satisfaction: number } }>(`/api/v1/tickets/${ticketId}`)).data.satisfaction).toBe(5);

    await page.locator('#text').fill('插好了，但还是离线。');
    await page.getByRole('button', { name: '发送' }).click();
    await expectText(page.getByTestId('portal-conversation'), '插好了，但还是离线');
    await expectText(page.getByTestId('portal-ticket-meta'), '处理中');
    expect((await admin.get<{ data: { status: string } }>(`/api/v1/tickets/${ticketId}`)).data.status).toBe('open');
    await page.goto('/portal?lang=en');
    await expectText(page.getByTestId('portal-tickets'), 'Open');
    await page.screenshot({ path: 'e2e/screenshots/portal-list-en-390.png', fullPage: true }).catch(() => undefined);
    await context.close();
  });
});
