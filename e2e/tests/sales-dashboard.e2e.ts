import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

/** The sales dashboard shows a team's won amount; clicking the won bar opens exactly those deals. */
describe('sales dashboard', () => {
  let browser: Browser;
  let page: Page;
  const id = runId();
  const teamName = `仪表盘测试团队 ${id}`;
  const wonName = `仪表盘赢单 ${id}`;
  const openName = `仪表盘进行中 ${id}`;

  beforeAll(async () => {
    const admin = await ApiClient.login();
    const roles = await admin.get('/api/v1/roles');
    const rep = roles.data.find((r: { key: string }) => r.key === 'sales_rep');
    const team = await admin.post('/api/v1/teams', { name: teamName });
    const user = await admin.post('/api/v1/users', { email: `dash-${id}@example.com`, name: `看板销售${id}`, password: 'rep-password-123', roleId: rep.id, teamId: team.data.id });
    const owner = user.data.id;
    await admin.post('/api/v1/deals', { name: wonName, stage: 'won', amount: { amount: 123456, currency: 'CNY' }, owner_id: owner });
    await admin.post('/api/v1/deals', { name: openName, stage: 'proposal', amount: { amount: 88000, currency: 'CNY' }, owner_id: owner });
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the team’s won amount and opens the won deals from the chart', async () => {
    await page.goto('/');
    await page.getByTestId('nav-sales-dashboard').click();
    await page.waitForURL('**/sales/dashboard');
    await pickOption(page, page.getByTestId('sales-team-filter'), teamName);
    await expectText(page.getByTestId('sales-won-amount'), '123,456.00');

    // The won bar (green) of the won-vs-target chart.
    const bar = page.getByTestId('sales-chart-won').locator('path[fill="#52c41a"]');
    await bar.first().waitFor();
    await bar.first().click();
    await page.waitForURL('**/o/deals?filter=*');
    await eventually(async () => {
      const text = await page.locator('.crm-table').innerText();
      expect(text).toContain(wonName);
      expect(text).not.toContain(openName);
    });
    await expectText(page.getByTestId('list-total'), '1');
  });
});
