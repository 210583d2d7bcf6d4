import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId, selectOption, uniqueChineseName } from './ui';

/** A sales rep of another team sees neither the customer in lists and search nor its page. */
describe('team visibility', () => {
  let browser: Browser;
  let page: Page;
  let customerId: string;
  let admin: ApiClient;
  let eastId: string;
  const id = runId();
  const { name } = uniqueChineseName('隔离测试客户');
  const password = 'rep-password-123';
  const repA = { email: `rep-a-${id}@example.com`, name: `东区代表${id}` };
  const repB = { email: `rep-b-${id}@example.com`, name: `西区代表${id}` };

  beforeAll(async () => {
    admin = await ApiClient.login();
    const roles = await admin.get('/api/v1/roles');
    const rep = roles.data.find((r: { key: string }) => r.key === 'sales_rep');
    const east = await admin.post('/api/v1/teams', { name: `华东销售部 ${id}` });
    const west = await admin.post('/api/v1/teams', { name: `西南销售部 ${id}` });
    eastId = east.data.id;
    await admin.post('/api/v1/users', { ...repA, password, roleId: rep.id, teamId: east.data.id });
    await admin.post('/api/v1/users', { ...repB, password, roleId: rep.id, teamId: west.data.id });
    // Rep A owns the customer.
    const a = await ApiClient.login(repA.email, password);
    customerId = (await a.post('/api/v1/customers', { name })).data.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the owner sees the customer', async () => {
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page, repA.email, password);
    await page.goto(`/o/customers/${customerId}`);
    await expectText(page.getByTestId('record-title'), name);
    // The rep's menu, in sections: no settings, but the shared product catalogue, their customers'
    // tickets (客服) and their own segments (市场).
    const sections = page.locator('.ant-layout-sider .ant-menu-item-group');
    expect(await sections.locator('.ant-menu-item-group-title').allInnerTexts()).toEqual(['客户', '销售', '分析', '工作', '客服', '市场', '产品', '数据与设置']);
    expect(await sections.nth(0).getByTestId('nav-customers').count()).toBe(1);
    expect(await sections.nth(4).getByTestId('nav-tickets').count()).toBe(1);
    expect(await sections.nth(6).getByTestId('nav-products').count()).toBe(1);
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    await page.context().close();
  });

  it('a rep of another team cannot find or open it', async () => {
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page, repB.email, password);

    await page.goto('/o/customers');
    await page.getByTestId('list-search').locator('input').fill(name);
    await page.getByTestId('list-empty').waitFor();
    expect(await page.getByTestId('record-title-link').count()).toBe(0);

    await page.getByTestId('global-search').fill(name);
    await page.waitForTimeout(1000);
    await eventually(async () => {
      const hits = await page.getByTestId('search-hit').allInnerTexts();
      expect(hits.some((h) => h.includes(name))).toBe(false);
    });

    await page.goto(`/o/customers/${customerId}`);
    await expectText(page.locator('.ant-result-title'), '记录不存在或无权查看');
    expect(await page.getByTestId('record-title').count()).toBe(0);
  });

  it('an admin names the team lead, who then shows in the teams table', async () => {
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
    await page.goto('/settings/teams');
    const row = page.locator('tr', { hasText: `华东销售部 ${id}` });
    await row.getByRole('button', { name: '编 辑' }).or(row.getByRole('button', { name: '编辑' })).click();
    await selectOption(page, page.getByTestId('team-lead'), repA.name);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expectText(page.locator('tr', { hasText: `华东销售部 ${id}` }), repA.name);
    const teams = await admin.get('/api/v1/teams');
    const users = await admin.get('/api/v1/users');
    const lead = users.data.find((u: { email: string }) => u.email === repA.email);
    expect(teams.data.find((t: { id: string }) => t.id === eastId).lead_user_id).toBe(lead.id);
    await page.context().close();
  });
});
