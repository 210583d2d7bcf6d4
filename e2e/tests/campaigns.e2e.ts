import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { expectText, runId } from './ui';

/** A campaign with cost lines, a UTM lead converted and won: its detail panel and the 市场 › 活动报表 page show the figures, also at 390 px. */
describe('campaigns', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows cost, members and ROI on the campaign and in the report', async () => {
    const id = runId();
    const api = await ApiClient.login();
    const cny = (amount: number) => ({ amount, currency: 'CNY' });
    const name = `2026 上海国际工业自动化及机器人展览会（国家会展中心）${id}`;
    const campaign = (await api.post('/api/v1/campaigns', { name, type: 'trade_show', status: 'completed', start_date: '2026-03-01', utm_campaign: `expo-${id}` })).data;
    await api.post('/api/v1/campaign_costs', { campaign_id: campaign.id, date: '2026-02-20', amount: cny(30000), note: '展位费' });
    await api.post('/api/v1/campaign_costs', { campaign_id: campaign.id, date: '2026-03-01', amount: cny(10000), note: '宣传物料' });
    const lead = (await api.post('/api/v1/leads', { name: `展会线索 ${id}`, company: `海峰精密 ${id}`, utm_campaign: `expo-${id}` })).data;
    await api.post(`/api/v1/campaigns/${campaign.id}/members`, { object: 'leads', ids: [lead.id], status: 'responded' });
    const { deal } = (await api.post(`/api/v1/leads/${lead.id}/convert`, { deal: { values: { name: `展会商机 ${id}`, amount: cny(100000) } } })).data;
    await api.patch(`/api/v1/deals/${deal.id}`, { stage: 'won' });

    const page = await (await newContext(browser, { width: 1280, height: 900 })).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
    await page.getByTestId('nav-campaigns').click();
    await page.getByText(name).first().click();
    await expectText(page.getByTestId('campaign-cost'), '40,000');
    await expectText(page.getByTestId('campaign-members'), '1');
    // (100,000 − 40,000) / 40,000
    await expectText(page.getByTestId('campaign-roi'), '150.0%');
    await page.screenshot({ path: 'e2e/screenshots/campaign-detail.png', fullPage: true }).catch(() => undefined);

    await page.getByTestId('nav-campaign-report').click();
    const table = page.getByTestId('campaign-report-table');
    const row = table.locator('tr', { hasText: name });
    await expectText(row, '150.0%');
    await expectText(row, '¥40,000');
    expect(await page.getByTestId('campaign-roi-chart').locator('path').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'e2e/screenshots/campaign-report.png', fullPage: true }).catch(() => undefined);
    // Every figure opens its records: the won revenue (first touch) lists the won deal, under a tag naming the figure.
    await row.getByTestId('figure-won_first').first().click();
    await expectText(page.getByTestId('list-campaign-filter'), '赢单（首次触达）');
    await expectText(page.locator('body'), `展会商机 ${id}`);
    await page.goBack();
    await page.getByTestId('campaign-type-table').locator('tr', { hasText: '展会' }).getByTestId('figure-leads').first().click();
    await expectText(page.getByTestId('list-campaign-filter'), '线索 · 展会');
    await expectText(page.locator('body'), `展会线索 ${id}`);
    await page.goBack();

    await page.setViewportSize({ width: 390, height: 844 });
    await expectText(page.getByTestId('campaign-report-table'), '150.0%');
    // The chart follows its container through a ResizeObserver, a frame or more after the resize.
    await page.waitForFunction(() => document.documentElement.scrollWidth <= 390).catch(() => undefined);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'e2e/screenshots/campaign-report-390.png', fullPage: true }).catch(() => undefined);
    await page.goto(`/o/campaigns/${campaign.id}`);
    await expectText(page.getByTestId('campaign-roi'), '150.0%');
    await page.screenshot({ path: 'e2e/screenshots/campaign-detail-390.png', fullPage: true }).catch(() => undefined);
  });
});
