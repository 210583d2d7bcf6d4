import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, BASE_URL, launchBrowser, loginInBrowser } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

/** A rep leaves: the list's 转移负责人 moves the selected customers; on a phone a deal moves stage by its menu. */
describe('bulk owner transfer and the phone stage control', () => {
  let browser: Browser;
  let api: ApiClient;
  const id = runId();

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('moves the selected customers to another owner from the list toolbar', async () => {
    const roles = await api.get('/api/v1/roles');
    const rep = roles.data.find((r: { key: string }) => r.key === 'sales_rep');
    const heir = await api.post('/api/v1/users', { email: `heir-${id}@example.com`, name: `接手销售${id}`, password: 'rep-password-123', roleId: rep.id });
    const ids: string[] = [];
    for (const n of ['甲', '乙']) ids.push((await api.post('/api/v1/customers', { name: `交接客户${n} ${id}` })).data.id);

    const page: Page = await (await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', reducedMotion: 'reduce' })).newPage();
    await loginInBrowser(page);
    await page.goto('/o/customers');
    await page.getByTestId('list-search').locator('input').fill(id);
    for (const customerId of ids) await page.locator(`tr[data-row-key="${customerId}"] .ant-checkbox-input`).check();
    await page.getByTestId('bulk-owner').click();
    // A user option is titled by name and e-mail (searchable by either).
    await pickOption(page, page.getByTestId('bulk-owner-field').locator('.ant-select'), `接手销售${id} heir-${id}@example.com`);
    await page.getByRole('dialog').getByRole('button', { name: /应\s*用/ }).click();
    await eventually(async () => {
      for (const customerId of ids) expect((await api.get(`/api/v1/customers/${customerId}`)).data.owner_id).toBe(heir.data.id);
    });
    await page.screenshot({ path: `/tmp/bulk-owner-1280-${id}.png` });
  });

  it('on a phone, moves a deal to another stage with the card’s 移动到… menu', async () => {
    const deal = (await api.post('/api/v1/deals', { name: `手机商机 ${id}`, stage: 'initial', amount: { amount: 5000, currency: 'CNY' } })).data;
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'zh-CN', reducedMotion: 'reduce' });
    const page = await context.newPage();
    await loginInBrowser(page);
    await page.goto('/deals/board');
    await page.getByTestId(`deal-move-${deal.id}`).tap();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByText('谈判审核').tap();
    await expectText(page.getByTestId('board-column-negotiation'), `手机商机 ${id}`);
    await eventually(async () => expect((await api.get(`/api/v1/deals/${deal.id}`)).data.stage).toBe('negotiation'));
    await page.screenshot({ path: `/tmp/board-390-${id}.png` });
  });
});
