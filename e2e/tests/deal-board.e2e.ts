import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { drag, eventually, expectText, fillNumber, pickOption, runId } from './ui';

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
    await drag(page, `deal-card-${dealId}`, 'board-column-negotiation');

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

  it('switches pipelines; shows per-stage weighted totals; asks for a stage’s required fields on drop', async () => {
    const key = `e2e_${runId()}`;
    const stage = (k: string, zh: string, probability: number, requiredFields: string[] = []) => ({ key: k, name: { zh, en: k }, probability, requiredFields });
    await api.request('PUT', `/api/v1/pipelines/${key}`, {
      name: { zh: `项目型销售流程 ${key}`, en: `Projects ${key}` },
      position: 5,
      stages: [stage('discovery', '需求调研', 20), stage('bidding', '招投标', 60, ['expected_close_date']), stage('won', '赢单', 100), stage('lost', '输单', 0)],
    });
    const projectDeal = `项目商机 ${runId()}`;
    const { data } = await api.post('/api/v1/deals', { name: projectDeal, pipeline: key, amount: { amount: 88000, currency: 'CNY' } });

    await page.goto('/deals/board');
    await pickOption(page, page.getByTestId('pipeline-switcher'), `项目型销售流程 ${key}`);
    await page.waitForURL(`**/deals/board?pipeline=${key}`);
    await expectText(page.getByTestId('board-column-discovery'), projectDeal);
    // 88,000 × 20% = 17,600 weighted in the first stage; the standard pipeline's columns are gone.
    await expectText(page.getByTestId('board-weighted-discovery'), '17,600');
    expect(await page.getByTestId('board-column-negotiation').count()).toBe(0);

    await drag(page, `deal-card-${data.id}`, 'board-column-bidding');
    await expectText(page.getByRole('dialog'), '招投标');
    const date = page.getByTestId('stage-field-expected_close_date').locator('input');
    await date.click();
    await date.fill('2027-03-15');
    await date.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: /保存并移动/ }).click();
    await expectText(page.getByTestId('board-column-bidding'), projectDeal);
    await eventually(async () => {
      const { data: saved } = await api.get(`/api/v1/deals/${data.id}`);
      expect([saved.stage, saved.probability, saved.expected_close_date]).toEqual(['bidding', 60, '2027-03-15']);
    });
    await expectText(page.getByTestId('board-weighted-bidding'), '52,800');
  });

  it('adds up deals in CNY and USD in the company currency once an admin sets the rate', async () => {
    const key = `e2e_fx_${runId()}`;
    await api.request('PUT', `/api/v1/pipelines/${key}`, {
      name: { zh: `外贸流程 ${key}`, en: `Export ${key}` },
      position: 6,
      stages: [{ key: 'quoting', name: { zh: '询盘报价', en: 'Quoting' }, probability: 50, requiredFields: [] }, { key: 'won', name: { zh: '赢单', en: 'Won' }, probability: 100, requiredFields: [] }, { key: 'lost', name: { zh: '输单', en: 'Lost' }, probability: 0, requiredFields: [] }],
    });
    await api.post('/api/v1/deals', { name: `国内询盘 ${runId()}`, pipeline: key, amount: { amount: 1000, currency: 'CNY' } });
    await api.post('/api/v1/deals', { name: `US inquiry ${runId()}`, pipeline: key, amount: { amount: 100, currency: 'USD' } });

    await page.goto('/settings/currency');
    // USD amounts exist without a rate: the page says so, and a new rate row starts with USD.
    await expectText(page.getByTestId('currency-unrated'), 'USD');
    await page.getByTestId('currency-add-rate').click();
    await fillNumber(page, 'currency-rate-0', '7.2');
    await page.getByTestId('currency-save').click();
    await expectText(page.locator('.ant-message'), '货币设置已保存');
    await eventually(async () => expect(await page.getByTestId('currency-unrated').count()).toBe(0));

    // The audit log says who set which rate.
    await page.goto('/settings/audit');
    await pickOption(page, page.getByTestId('audit-filter-action'), '修改设置');
    await expectText(page.getByTestId('audit-settings').first(), 'USD 汇率: — → 7.2');
    await expectText(page.locator('tr', { has: page.getByTestId('audit-settings') }).first(), '货币与汇率');

    await page.goto(`/deals/board?pipeline=${key}`);
    // 1,000 CNY + 100 USD × 7.2 = ¥1,720.00; weighted at 50%: ¥860.00.
    await expectText(page.getByTestId('board-total-quoting'), '1,720.00');
    await expectText(page.getByTestId('board-weighted-quoting'), '860.00');
  });
});
