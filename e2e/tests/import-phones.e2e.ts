import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { expectText, importToCheckStep, runId, selectOption } from './ui';

/**
 * A user imports North-American contacts: in the check step picks the phone region (the company
 * default is shown until then), sees the row whose phone is no number listed as a warning before
 * and after the run, and finds the numbers stored internationally. Settings show the default region.
 */
describe('import wizard: phone region and warnings', () => {
  let browser: Browser;
  let page: Page;
  const id = runId();
  const csv = [
    'Name,Title,Mobile,Email',
    `Ava ${id},Sales Director,(415) 555-2671,ava.${id}@northwind.example`,
    `Noah ${id},CFO,604 555 0110,noah.${id}@fabrikam.example`,
    `Emma ${id},Office Manager,call reception,emma.${id}@tailspin.example`,
  ].join('\n');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reads the phones in the chosen region and lists the row kept as text', async () => {
    await importToCheckStep(page, 'contacts', 'north-america.csv', csv);
    const options = page.getByTestId('import-phone-options');
    await expectText(options, '公司默认（CN）');
    await selectOption(page, page.getByTestId('import-phone-region'), '美国 (US)');
    await page.getByTestId('import-validate').click();
    await expectText(page.getByTestId('import-validation'), '共 3 行', 30_000);
    await expectText(page.getByTestId('import-warnings'), '“call reception”不像电话号码');
    await page.screenshot({ path: '/tmp/import-phones-check.png', fullPage: true });

    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expectText(page.getByTestId('import-result'), '“call reception”不像电话号码');
    const api = await ApiClient.login();
    const ava = await api.get(`/api/v1/contacts?q=${encodeURIComponent(`ava.${id}@northwind.example`)}`);
    expect(ava.data[0].mobile).toBe('+1 415 555 2671');
  });

  it('Settings offer the default phone region, on a phone screen too', async () => {
    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await loginInBrowser(phone);
    await phone.goto('/settings/currency');
    await expectText(phone.getByTestId('currency-settings'), '默认电话地区');
    await expectText(phone.getByTestId('company-phone-region'), '中国 (CN)');
    await phone.screenshot({ path: '/tmp/import-phones-settings.png', fullPage: true });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
