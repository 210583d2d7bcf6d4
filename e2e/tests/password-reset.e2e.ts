import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailReceiver } from '../mail-receiver';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId } from './ui';

/** Forgotten password in the browser: 忘记密码? → e-mail (a real SMTP receiver) → new password → sign in. */
describe('forgotten password', () => {
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

  it('sends a link by e-mail that sets a new password', async () => {
    const admin = await ApiClient.login();
    receiver = await startMailReceiver(admin, 'noreply@crm.test');
    const roles = (await admin.get<{ data: { id: string; key: string }[] }>('/api/v1/roles')).data;
    const email = `forgetful-${runId()}@example.com`;
    await admin.post('/api/v1/users', { email, name: '健忘的销售', password: 'Old-password-2026', roleId: roles.find((r) => r.key === 'sales_rep')!.id });

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByTestId('login-forgot').click();
    await page.waitForURL('**/forgot-password');
    await page.getByTestId('forgot-email').fill(email);
    await page.getByTestId('forgot-submit').click();
    await expectText(page.getByTestId('forgot-sent'), '如果该邮箱已注册');

    let link = '';
    await eventually(async () => {
      const mail = mails().find((m) => m.to.includes(email));
      expect(mail).toBeDefined();
      link = /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(mail!.text)![0];
    }, 30_000);
    await page.goto(link);
    await page.getByTestId('reset-password').fill('password');
    await page.getByTestId('reset-confirm').fill('password');
    await page.getByTestId('reset-submit').click();
    await expectText(page.locator('.ant-form-item-explain-error').first(), '这是最常见的密码之一');
    await page.getByTestId('reset-password').fill('New-password-2027');
    await page.getByTestId('reset-confirm').fill('New-password-2027');
    await page.getByTestId('reset-submit').click();
    await page.waitForURL('**/login');
    await loginInBrowser(page, email, 'New-password-2027');
    expect(new URL(page.url()).pathname).toBe('/');

    // The link was for one use only.
    await page.goto(link);
    await page.getByTestId('reset-password').fill('Third-password-2028');
    await page.getByTestId('reset-confirm').fill('Third-password-2028');
    await page.getByTestId('reset-submit').click();
    await expectText(page.getByTestId('reset-invalid'), '重置链接无效');
    await context.close();
  });
});
