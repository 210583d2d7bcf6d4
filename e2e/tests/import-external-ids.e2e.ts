import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginInBrowser, newContext } from '../helpers';
import { expectText, importToCheckStep, runId } from './ui';

/** A Salesforce-style opportunity export: the wizard says how the account column matched, and the result lists the placeholder accounts it made. */
describe('import with external ids and placeholders', () => {
  let browser: Browser;
  let page: Page;
  const id = runId();
  const csv = ['Id,Opportunity Name,AccountId,Stage', `006${id}A,外部商机${id},001${id}MISSING,initial`, `006${id}B,另一个商机${id},深圳鹏程${id}电子有限公司,initial`].join('\n');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the relation column’s matching after validation and the placeholders on the result', async () => {
    await importToCheckStep(page, 'deals', 'Opportunity.csv', csv);
    await page.getByTestId('create-missing').click();
    await page.getByTestId('import-validate').click();
    await expectText(page.getByTestId('import-link-stats'), '2 个找不到', 30_000);
    await page.screenshot({ path: '/tmp/extid-validated.png', fullPage: true });
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expectText(page.getByTestId('import-placeholders'), '自动新建了 2 条记录');
    await expectText(page.getByTestId('import-placeholders'), `001${id}MISSING`);
    await page.screenshot({ path: '/tmp/extid-result.png', fullPage: true });
  });

  it('the record form folds the external id under 高级', async () => {
    await page.goto('/o/customers');
    await page.getByTestId('record-new').click();
    await page.getByTestId('form-advanced').getByText('高级').click();
    await page.getByTestId('field-external_id').waitFor();
    await page.screenshot({ path: '/tmp/extid-form.png', fullPage: true });
  });
});
