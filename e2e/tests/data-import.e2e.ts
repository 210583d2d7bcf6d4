import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

/** A user imports a CSV of contacts through the wizard, fixes one column's mapping, watches the progress bar, and finds the records in the list. */
describe('contacts import wizard', () => {
  let browser: Browser;
  let page: Page;
  const id = runId();
  const rows = 40;
  // '联系人手机号' is no header the mapping knows: the user maps it to 手机 by hand.
  const csv = ['姓名,联系人手机号,邮箱,性别', ...Array.from({ length: rows }, (_, i) => `导入测试${id}号${i},1390000${String(i).padStart(4, '0')},imp${id}.${i}@example.cn,${i % 2 ? '男' : '女'}`), `缺邮箱${id},13900009999,not-an-email,男`].join('\n');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('uploads, maps, validates, runs with a progress bar and lists the records', async () => {
    await page.goto('/o/contacts');
    await page.getByTestId('import-open').click();
    await page.waitForURL('**/o/contacts/import');
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles({ name: '联系人.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-mapping').waitFor();
    await pickOption(page, page.getByTestId('map-1'), '手机');
    // The preview shows the rows as they will be stored: 女 → female is shown as the option value.
    await expectText(page.getByTestId('import-preview'), '13900000000');
    await page.screenshot({ path: '/tmp/import-mapping.png', fullPage: true });
    await page.getByTestId('import-mapping-next').click();
    // 男/女 are the gender options' labels: proposed, nothing to choose.
    await expectText(page.getByTestId('values-gender'), '选项名称', 30_000);
    await page.getByTestId('import-values-next').click();
    await page.getByTestId('import-constants-next').click();

    await page.getByTestId('import-validate').click();
    await expectText(page.getByTestId('import-validation'), `共 ${rows + 1} 行`, 30_000);
    await expectText(page.getByTestId('import-options'), '邮箱：不是有效的邮箱地址');

    await page.getByTestId('import-run').click();
    await page.getByTestId('import-result').waitFor();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expectText(page.getByTestId('import-result'), String(rows));
    expect(await page.getByTestId('rejects-download').count()).toBe(1);
    await page.screenshot({ path: '/tmp/import-done.png', fullPage: true });

    const api = await ApiClient.login();
    const found = await api.get(`/api/v1/contacts?q=${encodeURIComponent(`imp${id}.7@example.cn`)}`);
    expect(found.data[0]).toMatchObject({ mobile: '13900000007', gender: 'male' });

    await page.getByRole('button', { name: '查看记录' }).click();
    await page.waitForURL('**/o/contacts');
    await page.getByTestId('list-search').locator('input').fill(`导入测试${id}号3`);
    await eventually(async () => expect(await page.locator('.ant-table-tbody').innerText()).toContain(`导入测试${id}号3`), 10_000);
    await page.screenshot({ path: '/tmp/import-list.png' });
  });

  it('fits a phone screen, with the history of past imports', async () => {
    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await loginInBrowser(phone);
    await phone.goto('/o/contacts/import');
    await expectText(phone.getByTestId('import-history'), '联系人.csv');
    await phone.screenshot({ path: '/tmp/import-phone.png', fullPage: true });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
