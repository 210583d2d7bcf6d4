import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, launchBrowser, newContext } from '../helpers';
import { expectText } from './ui';

describe('login', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('rejects a wrong password, signs in, and signs out', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto('/o/customers');
    await page.waitForURL('**/login');

    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill('definitely-wrong');
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('login-error'), '邮箱或密码错误');

    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    // Back to the page that asked for the login.
    await page.waitForURL('**/o/customers');
    await expectText(page.getByTestId('list-title'), '客户');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    await page.goto('/');
    await page.waitForURL('**/login');
    expect(page.url()).toContain('/login');
    await context.close();
  });
});
