import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { expectText, pickOption, runId } from './ui';

/** The 客服看板 counts a group's tickets, opens the solved ones from its card, and fits a phone. */
describe('service dashboard', () => {
  let browser: Browser;
  const id = runId();
  const groupName = `看板测试客服组（华东区大客户售后支持中心）${id}`;
  const emptyGroup = `看板空客服组 ${id}`;

  beforeAll(async () => {
    const admin = await ApiClient.login();
    const group = (await admin.post('/api/v1/support_groups', { name: groupName })).data;
    await admin.post('/api/v1/support_groups', { name: emptyGroup });
    for (let i = 0; i < 3; i++) {
      const ticket = (await admin.post('/api/v1/tickets', { subject: `看板工单 ${i} ${id}`, support_group_id: group.id, priority: i ? 'normal' : 'urgent' })).data;
      await admin.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: 'reply', text: '您好，已收到。', lastSeenMessageId: null });
      if (i < 2) await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'solved', satisfaction: 4 + (i % 2) });
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a group’s created, solved and backlog, and opens its solved tickets', async () => {
    const page = await (await newContext(browser, { width: 1280, height: 900 })).newPage();
    await loginInBrowser(page);
    await page.goto('/');
    await page.getByTestId('nav-service-dashboard').click();
    await page.waitForURL('**/service/dashboard');
    await pickOption(page, page.getByTestId('service-group-filter'), groupName);
    await expectText(page.getByTestId('service-kpi-created'), '3');
    await expectText(page.getByTestId('service-kpi-solved'), '2');
    await expectText(page.getByTestId('service-kpi-backlog'), '1');
    await expectText(page.getByTestId('service-kpi-csat'), '4.5');
    await page.getByTestId('service-chart-daily').locator('svg').waitFor();
    await page.screenshot({ path: 'e2e/screenshots/service-dashboard.png', fullPage: true });

    await page.getByTestId('service-kpi-solved').click();
    await page.waitForURL('**/o/tickets?**');
    await expectText(page.locator('body'), `看板工单 0 ${id}`);
    expect(await page.getByText(`看板工单 2 ${id}`).count()).toBe(0);

    // This week's report for the admin carries the service section.
    const admin = await ApiClient.login();
    const report = (await admin.post('/api/v1/sales/reports', { week: new Date().toISOString().slice(0, 10) })).data;
    await page.goto(`/sales/reports/${report.id}`);
    await expectText(page.getByTestId('report-service'), '客服');
    await page.getByTestId('report-service').screenshot({ path: 'e2e/screenshots/service-weekly-section.png' });
  });

  it('fits a 390 px phone and shows an empty state for a group without tickets', async () => {
    const page = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await loginInBrowser(page);
    await page.goto('/service/dashboard');
    await page.getByTestId('service-kpi-created').waitFor();
    await page.screenshot({ path: 'e2e/screenshots/service-dashboard-phone.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await pickOption(page, page.getByTestId('service-group-filter'), emptyGroup);
    await page.getByTestId('service-empty').waitFor();
    await page.screenshot({ path: 'e2e/screenshots/service-dashboard-empty.png', fullPage: true });
  });
});
