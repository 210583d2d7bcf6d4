import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailReceiver } from '../mail-receiver';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId, selectOption } from './ui';

/** The help desk in the browser: open a ticket, reply (mailed to a real SMTP receiver), add a note, solve it. */
describe('service desk', () => {
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startMailReceiver>> | undefined;
  const mails = () => receiver!.mails;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('replies by e-mail, notes internally and solves a ticket', async () => {
    const admin = await ApiClient.login();
    receiver = await startMailReceiver(admin, 'support@crm.test');
    const id = runId();
    const email = `buyer-${id}@example.com`;
    const customer = (await admin.post('/api/v1/customers', { name: `工单客户 ${id}` })).data;
    const contact = (await admin.post('/api/v1/contacts', { name: '王小姐', email, customer_id: customer.id })).data;
    const subject = `打印机无法连接网络,重启后仍然报错 ${id}`;
    const untimed = (await admin.post('/api/v1/tickets', { subject: `没有 SLA 的工单 ${id}`, customer_id: customer.id })).data;

    const context = await newContext(browser);
    const page = await context.newPage();
    await loginInBrowser(page);
    await page.goto(`/o/tickets/${untimed.id}`);
    await page.getByTestId('sla-none').waitFor();

    // Settings → 客服: an SLA policy and a canned reply, made in the browser.
    await page.goto('/settings/service');
    await page.getByRole('tab', { name: 'SLA 策略' }).click();
    await page.getByTestId('sla-settings-add').click();
    await page.locator('.ant-modal #name').fill(`标准服务 ${id}`);
    await page.locator('.ant-modal .ant-btn-primary').click();
    await expectText(page.getByTestId('sla-settings'), `标准服务 ${id}`);
    await page.getByRole('tab', { name: '快捷回复' }).click();
    await page.getByTestId('canned-settings-add').click();
    await page.locator('.ant-modal #title').fill(`问候 ${id}`);
    await page.locator('.ant-modal #body').fill('{{contact.name}}您好,工单 {{ticket.number}} 已收到,请先把打印机恢复出厂网络设置。');
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    await expectText(page.getByTestId('canned-settings'), `问候 ${id}`);

    // A new ticket falls under the policy: its dues show as badges.
    const ticket = (await admin.post('/api/v1/tickets', { subject, description: '办公室的打印机连不上 Wi-Fi。', priority: 'high', customer_id: customer.id, contact_id: contact.id })).data;
    await page.goto(`/o/tickets/${ticket.id}`);
    await page.getByTestId('sla-firstResponse').waitFor();
    await expectText(page.getByTestId('ticket-number'), 'T-');
    await page.getByTestId('conversation-empty').waitFor();

    // A public reply: shown on the right and e-mailed to the contact with the ticket number in the subject.
    // A colleague has the same ticket open in their composer: the agent is told as soon as they start.
    const roles = (await admin.get<{ data: { id: string; key: string }[] }>('/api/v1/roles')).data;
    const colleagueEmail = `lead-${id}@example.com`;
    await admin.post('/api/v1/users', { email: colleagueEmail, name: `客服主管 ${id}`, password: 'Lead-password-2026', roleId: roles.find((r) => r.key === 'support_manager')!.id });
    const colleague = await ApiClient.login(colleagueEmail, 'Lead-password-2026');
    await colleague.post(`/api/v1/tickets/${ticket.id}/replying`, {});
    await pickOption(page, page.getByTestId('composer-canned'), `问候 ${id}`);
    await expectText(page.getByTestId('composer-others'), `客服主管 ${id} 正在回复此工单`);
    await eventually(async () => expect(await page.locator('[data-testid="composer"] textarea').inputValue()).toContain(`王小姐您好,工单 ${ticket.number} 已收到`));
    await page.getByTestId('composer-send').click();
    await expectText(page.getByTestId('message-reply'), '恢复出厂网络设置');
    await eventually(async () => {
      const mail = mails().find((m) => m.to.includes(email));
      expect(mail).toBeDefined();
      expect(mail!.subject).toContain(ticket.number);
      expect(mail!.text).toContain('恢复出厂网络设置');
    }, 60_000);

    // Meanwhile a colleague's note arrives: sending is refused until the agent looks (or sends anyway).
    const seen = (await admin.get(`/api/v1/tickets/${ticket.id}/messages`)).data;
    await admin.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'note', text: '同事:已电话联系客户。', lastSeenMessageId: seen.at(-1).id });

    // An internal note: styled apart, never mailed.
    await page.getByTestId('composer-kind-note').click();
    await page.locator('[data-testid="composer"] textarea').fill('客户是 VIP,优先处理。');
    await page.getByTestId('composer-send').click();
    await page.getByTestId('composer-conflict').waitFor();
    await page.getByTestId('composer-reload').click();
    await expectText(page.getByTestId('conversation'), '已电话联系客户');
    await page.getByTestId('composer-send').click();
    await expectText(page.getByTestId('conversation'), '优先处理');
    expect(mails().filter((m) => m.to.includes(email))).toHaveLength(1);

    // Solve it from the controls; the list shows it solved.
    await selectOption(page, page.getByTestId('ticket-control-status').locator('.ant-select'), '已解决');
    await eventually(async () => expect((await admin.get(`/api/v1/tickets/${ticket.id}`)).data.status).toBe('solved'));
    await page.goto('/o/tickets');
    await page.getByTestId('list-search').locator('input').fill(id);
    await expectText(page.locator('.ant-table-row', { hasText: subject }), '已解决');
    await context.close();

    // On a phone the conversation and the composer fit the width (no sideways scrolling).
    const phone = await newContext(browser, { width: 390, height: 844 });
    const small = await phone.newPage();
    await loginInBrowser(small);
    await small.goto(`/o/tickets/${ticket.id}`);
    await expectText(small.getByTestId('conversation'), '优先处理');
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.SERVICE_SHOTS) {
      await small.getByTestId('conversation').scrollIntoViewIfNeeded();
      await small.screenshot({ path: `${process.env.SERVICE_SHOTS}/ticket-phone.png`, fullPage: true });
      const wide = await (await newContext(browser)).newPage();
      await loginInBrowser(wide);
      await wide.goto(`/o/tickets/${ticket.id}`);
      await wide.getByTestId('conversation').waitFor();
      await wide.screenshot({ path: `${process.env.SERVICE_SHOTS}/ticket-desktop.png`, fullPage: true });
      for (const tab of ['groups', 'sla', 'calendar', 'canned']) {
        await wide.goto('/settings/service');
        await wide.getByRole('tab', { name: { groups: '客服组', sla: 'SLA 策略', calendar: '服务日历', canned: '快捷回复' }[tab] }).click();
        await wide.getByTestId(`${tab}-settings`).waitFor();
        await wide.screenshot({ path: `${process.env.SERVICE_SHOTS}/settings-${tab}.png`, fullPage: true });
      }
    }
    await phone.close();
  });
});
