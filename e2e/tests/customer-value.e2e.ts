import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { expectText, runId } from './ui';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const shots = process.env.E2E_SCREENSHOTS ?? 'e2e/screenshots';

/** A key account and one gone quiet: the value card on the 360° view and the 市场 › 客户价值 page, also at 390 px. */
describe('customer value', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows tier, RFM and churn reasons on the customer and the at-risk list on the value page', async () => {
    const id = runId();
    const api = await ApiClient.login();
    const buyer = async (name: string, count: number, gap: number, last: number, amount: number) => {
      const customer = (await api.post('/api/v1/customers', { name })).data;
      for (let i = 0; i < count; i++) {
        await api.post('/api/v1/orders', { name: `${name} 合同${i + 1}`, customer_id: customer.id, total_amount: cny(amount), signed_on: daysAgo(last + (count - 1 - i) * gap) });
      }
      return customer;
    };
    const key = await buyer(`上海浦东新区张江高科技园区智能制造装备集团有限公司 ${id}`, 8, 20, 5, 90000);
    const quiet = await buyer(`江苏省苏州市工业园区精密电子元器件贸易有限公司 ${id}`, 4, 30, 160, 40000);
    await api.post('/api/v1/tickets', { subject: '交付延迟投诉', customer_id: quiet.id, category: 'complaint' });
    await api.post('/api/v1/customer-value/recompute', {});

    const page = await (await newContext(browser, { width: 1280, height: 900 })).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
    await page.goto(`/o/customers/${key.id}`);
    await expectText(page.getByTestId('value-tier'), 'A 类');
    await page.screenshot({ path: `${shots}/customer-value-card.png`, fullPage: true }).catch(() => undefined);
    await page.goto(`/o/customers/${quiet.id}`);
    await expectText(page.getByTestId('churn-reasons'), '已 160 天未下单');
    await page.screenshot({ path: `${shots}/customer-value-risk.png`, fullPage: true }).catch(() => undefined);

    await page.getByTestId('nav-customer-value').click();
    await expectText(page.getByTestId('at-risk-table'), quiet.name);
    await page.screenshot({ path: `${shots}/customer-value-page.png`, fullPage: true }).catch(() => undefined);
    await page.getByTestId('risk-link-high').click();
    await expectText(page.locator('body'), quiet.name);

    await page.goto('/marketing/value');
    await page.setViewportSize({ width: 390, height: 844 });
    await expectText(page.getByTestId('at-risk-list'), quiet.name);
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 390).catch(() => undefined);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${shots}/customer-value-page-390.png`, fullPage: true }).catch(() => undefined);
    await page.goto(`/o/customers/${quiet.id}`);
    await expectText(page.getByTestId('churn-risk'), '高');
    await page.screenshot({ path: `${shots}/customer-value-risk-390.png`, fullPage: true }).catch(() => undefined);
  }, 240_000);
});
