import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

/** An admin changes a customer's status in the form and finds that change, in words, in Settings → 操作日志. */
describe('audit log page', () => {
  let browser: Browser;
  let page: Page;
  let customerId: string;
  const name = `审计日志客户 ${runId()}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    const api = await ApiClient.login();
    customerId = (await api.post('/api/v1/customers', { name, status: 'prospect' })).data.id;
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the status change with field and option labels, linked to the record', async () => {
    await page.goto(`/o/customers/${customerId}`);
    await page.getByTestId('record-edit').click();
    // The form's panels (likely duplicates) may appear while it opens; pick until the choice shows.
    const status = page.getByTestId('field-status').locator('.ant-select');
    await eventually(async () => {
      if (!(await status.innerText()).includes('成交客户')) await pickOption(page, status, '成交客户');
      expect(await status.innerText()).toContain('成交客户');
    });
    await page.getByTestId('form-save').click();
    await expectText(page.getByTestId('timeline-change').first(), '成交客户');

    await page.goto('/settings/audit');
    await pickOption(page, page.getByTestId('audit-filter-object'), '客户');
    await pickOption(page, page.getByTestId('audit-filter-action'), '修改');
    const row = page.getByTestId(`audit-row-${customerId}`).first();
    await expectText(row, '客户状态');
    await expectText(row, '潜在客户');
    await expectText(row, '成交客户');
    await expectText(row, '管理员');
    await row.getByText(name).click();
    await page.waitForURL(`**/o/customers/${customerId}`);
  });
});
