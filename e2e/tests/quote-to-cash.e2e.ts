import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, fillNumber, pickOption, runId, uniqueChineseName, pdfFirstPageText } from './ui';

/**
 * Quote to cash: build a quote with two lines in the grid, download its PDF (the Chinese customer
 * name is in its text), mark it sent and accepted, create the order, record a payment, and see the
 * customer's lifetime revenue on the 360° view.
 */
describe('quote → PDF → order → payment → customer revenue', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  const id = runId();
  const { name: customerName } = uniqueChineseName('精密仪器有限公司');
  const productName = `激光测距仪 ${id}`;
  let customerId = '';
  let quoteId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    await api.request('PUT', '/api/v1/company-settings', { name: '星河软件（e2e）有限公司', address: '北京市海淀区', phone: '010-1234' });
    customerId = (await api.post('/api/v1/customers', { name: customerName })).data.id;
    await api.post('/api/v1/products', { name: productName, sku: `LR-${id}`, unit: '台', list_price: { amount: 2500, currency: 'CNY' } });
    quoteId = (await api.post('/api/v1/quotes', { name: `仪器采购报价 ${id}`, customer_id: customerId })).data.id;
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('builds two lines in the grid; the server computes the totals', async () => {
    await page.goto(`/o/quotes/${quoteId}`);
    const grid = page.getByTestId('line-items');
    await grid.waitFor();
    // Line 1: a product at its list price (2 × 2,500, 13% tax = 5,650).
    await pickOption(page, page.getByTestId('line-new').locator('.ant-select'), productName);
    await fillNumber(page, 'new-quantity', '2');
    await page.getByTestId('line-add').click();
    await eventually(async () => expect(await grid.locator('tbody tr.ant-table-row').count()).toBe(1));
    // Line 2: a service typed in, 10% off, 6% tax: 1 × 800 − 80 + 43.20 = 763.20.
    await page.getByTestId('new-description').fill('上门校准服务');
    await fillNumber(page, 'new-unit-price', '800');
    await fillNumber(page, 'new-discount', '10');
    await fillNumber(page, 'new-tax', '6');
    await page.getByTestId('line-add').click();
    await expectText(page.getByTestId('total-grandTotal'), '6,413.20');
    await page.screenshot({ path: '/tmp/e2e-quote-lines.png', fullPage: true });
  });

  it('downloads the PDF with the Chinese customer name and the total in its text', async () => {
    const res = await page.request.get(`/api/v1/quotes/${quoteId}/pdf`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const text = await pdfFirstPageText(await res.body());
    expect(text).toContain(customerName);
    expect(text).toContain('6,413.20');
  });

  it('marks the quote sent and accepted, then creates the order with terms and instalments', async () => {
    await page.getByTestId('quote-send').click();
    await page.getByTestId('quote-accept').click();
    await page.getByTestId('quote-create-order').click();
    await page.getByTestId('order-delivery-terms').fill('签约后 15 个工作日内送货上门');
    await fillNumber(page, 'order-instalments', '2');
    await page.getByTestId('order-submit').click();
    await page.waitForURL(/\/o\/orders\/[0-9a-f-]{36}$/);
    await expectText(page.getByTestId('total-orderTotal'), '6,413.20');
    await expectText(page.getByTestId('total-outstanding'), '6,413.20');
  });

  it('records a payment; the order and the customer’s revenue show it', async () => {
    await page.getByTestId('order-pay').click();
    await fillNumber(page, 'payment-amount', '3000');
    await page.getByTestId('payment-submit').click();
    await expectText(page.getByTestId('total-received'), '3,000.00');
    await expectText(page.getByTestId('total-outstanding'), '3,413.20');
    await page.screenshot({ path: '/tmp/e2e-order.png', fullPage: true });
    await page.goto(`/o/customers/${customerId}`);
    await expectText(page.getByTestId('value-revenue'), '3,000.00');
    await expectText(page.getByTestId('value-outstanding'), '3,413.20');
    await page.screenshot({ path: '/tmp/e2e-customer.png', fullPage: true });
  });
});
