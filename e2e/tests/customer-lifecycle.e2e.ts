import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId, uniqueChineseName } from './ui';

/**
 * An admin adds a custom field in settings, creates a customer that uses it, finds it with a
 * filter on that field and with global search (Chinese substring and pinyin), opens it and logs
 * a follow-up that shows on the timeline.
 */
describe('customer with a custom field', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  const id = runId();
  const fieldLabel = { zh: `合同编号${id}`, en: `Contract ${id}` };
  const contractNo = `HT-${id}`;
  const { name, pinyin } = uniqueChineseName('智能科技有限公司');

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('adds a custom field through the settings page', async () => {
    await page.goto('/settings/fields');
    await page.getByTestId('field-new').click();
    await page.getByTestId('field-label-zh').fill(fieldLabel.zh);
    await page.getByTestId('field-label-en').fill(fieldLabel.en);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await eventually(async () => {
      const meta = await api.get('/api/v1/meta/objects/customers');
      expect(meta.data.fields.some((f: { label: { zh: string } }) => f.label.zh === fieldLabel.zh)).toBe(true);
    });
  });

  it('creates a customer filling the custom field in the generated form', async () => {
    const meta = await api.get('/api/v1/meta/objects/customers');
    const field = meta.data.fields.find((f: { label: { zh: string } }) => f.label.zh === fieldLabel.zh);
    await page.goto('/o/customers');
    await page.getByTestId('record-new').click();
    await page.locator('#name').fill(name);
    await page.locator(`#${field.name}`).fill(contractNo);
    await page.getByTestId('form-save').click();
    // Saving opens the new record.
    await page.waitForURL(/\/o\/customers\/[0-9a-f-]{36}$/);
    await expectText(page.getByTestId('record-title'), name);
    await expectText(page.getByTestId('field-group-custom'), contractNo);
  });

  it('finds the customer with a filter on the custom field', async () => {
    await page.goto('/o/customers');
    await page.getByTestId('list-total').waitFor();
    await page.getByTestId('filter-button').click();
    await page.getByTestId('filter-builder').waitFor();
    await page.getByTestId('filter-add').click();
    await pickOption(page, page.getByTestId('filter-field').last(), fieldLabel.zh);
    await page.getByTestId('filter-value').last().locator('input').fill(contractNo);
    await page.getByTestId('filter-apply').click();
    await eventually(async () => {
      const titles = await page.getByTestId('record-title-link').allInnerTexts();
      expect(titles).toEqual([name]);
    });
    await expectText(page.getByTestId('list-total'), '共 1 条');
  });

  it('saves the filtered list as a view and brings it back after a reload', async () => {
    const viewName = `合同筛选${id}`;
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-name').fill(viewName);
    await page.getByTestId('view-name').press('Enter');
    await eventually(async () => {
      const { data } = await api.get('/api/v1/views?object=customers');
      expect(data.map((v: { name: string }) => v.name)).toContain(viewName);
    });
    await page.reload();
    await page.getByTestId('list-total').waitFor();
    await pickOption(page, page.getByTestId('view-select'), viewName);
    await eventually(async () => {
      const titles = await page.getByTestId('record-title-link').allInnerTexts();
      expect(titles).toEqual([name]);
    });
  });

  it('finds the customer in global search by a Chinese substring and by pinyin', async () => {
    for (const q of ['科技', pinyin]) {
      await page.getByTestId('global-search').fill(q);
      await eventually(async () => {
        const hits = await page.getByTestId('search-hit').allInnerTexts();
        expect(hits.some((h) => h.includes(name))).toBe(true);
      });
    }
    await page.getByTestId('search-hit').filter({ hasText: name }).first().click();
    await page.waitForURL(/\/o\/customers\/[0-9a-f-]{36}$/);
    await expectText(page.getByTestId('record-title'), name);
  });

  it('logs a follow-up from the detail page and shows it on the timeline', async () => {
    const subject = `电话沟通报价 ${id}`;
    await page.getByTestId('follow-up-subject').fill(subject);
    await page.getByTestId('follow-up-content').fill('客户希望下周安排演示');
    await page.getByTestId('follow-up-submit').click();
    await expectText(page.getByTestId('timeline'), subject);
    await expectText(page.getByTestId('timeline'), '客户希望下周安排演示');
    // It is stored as a follow-up linked to this customer.
    const customerId = page.url().split('/').pop();
    const { data } = await api.get(`/api/v1/activities?filter=${encodeURIComponent(JSON.stringify({ field: 'customer_id', op: 'eq', value: customerId }))}`);
    expect(data.map((a: { subject: string }) => a.subject)).toContain(subject);
  });
});
