import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BASE_URL, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId } from './ui';

const customersWith = (key: string) => fetch(`${BASE_URL}/api/v1/customers?limit=1`, { headers: { authorization: `Bearer ${key}` } });

/** A user creates an API key from the user menu, a script uses it, and revoking it locks the script out. */
describe('API keys page', () => {
  let browser: Browser;
  let page: Page;
  const keyName = `ERP 同步 ${runId()}`;
  let secret = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates a key and shows it once', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-api-keys').click();
    await page.waitForURL('**/account/api-keys');
    await page.getByTestId('api-key-new').click();
    // Two full CI runs saw the click on Create do nothing (no key on the server); the suspected cause,
    // the dialog's opening animation, is off now (reduced motion, see helpers.ts), but unproven. Fill
    // and click again until the key shows: a pending create ignores clicks, so no second key.
    const name = page.getByTestId('api-key-name');
    const shown = page.getByTestId('api-key-secret');
    await eventually(async () => {
      if (!(await shown.isVisible())) {
        await name.fill(keyName);
        expect(await name.inputValue()).toBe(keyName);
        await page.getByTestId('api-key-create').click();
      }
      await shown.waitFor({ timeout: 3000 });
    }, 30_000);
    secret = (await shown.locator('code').innerText()).trim();
    expect(secret.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: '我已保存' }).click();
    // The list shows the key by name and prefix only, never the secret.
    const row = page.locator('tr', { hasText: keyName });
    await expectText(row, '有效');
    expect(await page.getByTestId('api-keys-page').innerText()).not.toContain(secret);
  });

  it('lets a script read customers with the key as a bearer token', async () => {
    const res = await customersWith(secret);
    expect(res.status).toBe(200);
    expect(Array.isArray((await res.json()).data)).toBe(true);
  });

  it('revokes the key after confirmation, after which the script gets 401', async () => {
    await page.reload();
    const row = page.locator('tr', { hasText: keyName });
    await row.getByTestId('api-key-revoke').click();
    await page.getByTestId('api-key-revoke-ok').click();
    await expectText(row, '已吊销');
    await eventually(async () => expect((await customersWith(secret)).status).toBe(401));
  });
});
