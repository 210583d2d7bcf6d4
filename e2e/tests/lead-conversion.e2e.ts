import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId } from './ui';

/** A rep converts a lead from its detail page: customer + contact + deal, and lands on the new customer. */
describe('lead conversion', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('converts a lead with a deal in one step and keeps the links', async () => {
    const company = `苏州转化测试科技有限公司${runId()}`;
    const lead = (await api.post('/api/v1/leads', { name: '陈静', company, mobile: '13912345678' })).data;
    await api.post('/api/v1/activities', { type: 'call', subject: '线索阶段的电话', lead_id: lead.id });

    await page.goto(`/o/leads/${lead.id}`);
    await page.getByTestId('lead-convert').click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog, '新建客户');
    await page.getByTestId('convert-deal-name').fill(`${company} 采购项目`);
    await page.getByTestId('convert-deal-amount').fill('120000');
    await dialog.getByRole('button', { name: /^转\s?化$/ }).click();

    await page.waitForURL('**/o/customers/**');
    await expectText(page.getByTestId('record-title'), company);
    await eventually(async () => {
      const { data } = await api.get(`/api/v1/leads/${lead.id}`);
      expect(data.status).toBe('converted');
      expect(data.converted_deal_id).toBeTruthy();
      const deal = (await api.get(`/api/v1/deals/${data.converted_deal_id}`)).data;
      expect([deal.name, deal.amount.amount, deal.customer_id]).toEqual([`${company} 采购项目`, 120000, data.converted_customer_id]);
    });
    // The lead's follow-up moved along to the customer's 360° view.
    await expectText(page.getByTestId('record-detail'), '线索阶段的电话');
    // The converted lead offers no second conversion.
    await page.goto(`/o/leads/${lead.id}`);
    await page.getByTestId('record-title').waitFor();
    expect(await page.getByTestId('lead-convert').count()).toBe(0);
  });
});
