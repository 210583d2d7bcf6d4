import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId } from './ui';

/** Splitting a message off and merging it back on the ticket page; a support manager (no admin) keeps the mailbox settings. */
describe('ticket flow', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('splits a message into a new ticket and merges that ticket back', async () => {
    const admin = await ApiClient.login();
    const id = runId();
    const ticket = (await admin.post('/api/v1/tickets', { subject: `发票与打印机 ${id}` })).data;
    const first = (await admin.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'note', text: '发票抬头写错了', lastSeenMessageId: null })).data;
    await admin.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'note', text: `打印机也坏了 ${id}`, lastSeenMessageId: first.id });

    const context = await newContext(browser);
    const page = await context.newPage();
    await loginInBrowser(page);
    await page.goto(`/o/tickets/${ticket.id}`);
    await page.getByTestId('message-note').filter({ hasText: '打印机也坏了' }).getByTestId('message-split').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.waitForURL((u) => u.pathname.startsWith('/o/tickets/') && !u.pathname.endsWith(ticket.id));
    const splitId = page.url().split('/').pop()!;
    await expectText(page.getByTestId('conversation'), `打印机也坏了 ${id}`);
    await expectText(page.getByTestId('conversation'), `拆分自工单 ${ticket.number}`);

    // Merge it back: pick the original by its subject in the dialog.
    await page.getByTestId('ticket-merge').click();
    await page.getByTestId('ticket-merge-target').locator('input').fill(`发票与打印机 ${id}`);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `发票与打印机 ${id}` }).first().click();
    await page.locator('.ant-modal:visible .ant-btn-dangerous').click();
    await page.waitForURL((u) => u.pathname.endsWith(ticket.id));
    await expectText(page.getByTestId('conversation'), `打印机也坏了 ${id}`);
    await eventually(async () => expect((await admin.get(`/api/v1/tickets/${splitId}`)).data).toMatchObject({ status: 'closed', merged_into_id: ticket.id }));
    await context.close();
  });

  it('a support manager opens Settings › 客服 › 邮箱 and saves the mailbox; the password never comes back', async () => {
    const admin = await ApiClient.login();
    const id = runId();
    const roles = (await admin.get<{ data: { id: string; key: string }[] }>('/api/v1/roles')).data;
    const email = `manager-${id}@example.com`;
    await admin.post('/api/v1/users', { email, name: `客服主管 ${id}`, password: 'Lead-password-2026', roleId: roles.find((r) => r.key === 'support_manager')!.id });

    const context = await newContext(browser, { width: 390, height: 844 });
    const page = await context.newPage();
    await loginInBrowser(page, email, 'Lead-password-2026');
    await page.goto('/settings/service');
    await page.getByTestId('groups-settings').waitFor();
    expect(await page.getByTestId('settings-tab-users').count()).toBe(0);
    // Seven tabs overflow a phone's width: the mailbox tab is opened by its address, as a link would.
    await page.goto('/settings/service?tab=mailbox');
    const form = page.getByTestId('mailbox-settings');
    await form.locator('#host').fill('imap.example.com');
    await form.locator('#username').fill(`support-${id}@example.com`);
    await form.getByTestId('mailbox-password').fill('imap-secret-2026');
    await form.getByTestId('mailbox-save').click();
    await eventually(async () => expect((await admin.get('/api/v1/service-mail/settings')).data).toMatchObject({ host: 'imap.example.com', hasPassword: true }));
    await page.reload();
    await expectText(form, '已保存密码');
    expect(await form.getByTestId('mailbox-password').inputValue()).toBe('');
    await expectText(page.getByTestId('quarantine'), '没有被隔离的邮件');
    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
