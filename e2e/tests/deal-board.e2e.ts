import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId } from './ui';

/** Dragging a deal to another stage column saves the stage, and the change is audited on its timeline. */
describe('deals kanban', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  let dealId: string;
  const dealName = `看板测试商机 ${runId()}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    const customer = await api.post('/api/v1/customers', { name: `看板测试客户 ${runId()}` });
    const deal = await api.post('/api/v1/deals', { name: dealName, customer_id: customer.data.id, stage: 'initial', amount: { amount: 88000, currency: 'CNY' } });
    dealId = deal.data.id;
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('moves a deal to another stage by drag and drop', async () => {
    await page.goto('/o/deals');
    await page.getByTestId('deals-view-toggle').getByText('看板').click();
    await page.waitForURL('**/deals/board');

    const card = page.getByTestId(`deal-card-${dealId}`);
    const target = page.getByTestId('board-column-negotiation');
    await card.waitFor();
    await expectText(page.getByTestId('board-column-initial'), dealName);

    const from = (await card.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 20);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 20, from.y + 30, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 15 });
    await page.mouse.up();

    await expectText(target, dealName);
    // Persisted, with the stage's default probability applied by the server.
    await eventually(async () => {
      const { data } = await api.get(`/api/v1/deals/${dealId}`);
      expect(data.stage).toBe('negotiation');
      expect(data.probability).toBe(75);
    });
    // Still there after a reload.
    await page.reload();
    await expectText(page.getByTestId('board-column-negotiation'), dealName);
  });

  it('shows the stage change on the deal timeline', async () => {
    // The card's title opens the deal (its customer line links to the customer).
    await page.getByTestId(`deal-card-${dealId}`).getByText(dealName).click();
    await page.waitForURL(`**/o/deals/${dealId}`);
    const change = page.getByTestId('timeline-change').first();
    await expectText(change, '阶段');
    await expectText(change, '初步接洽');
    await expectText(change, '谈判审核');
  });
});
