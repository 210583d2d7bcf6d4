import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, BASE_URL, launchBrowser, loginInBrowser } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

/** On a phone the list is cards: a long press (or 选择) selects them, and the bar runs the same bulk actions. */
describe('bulk actions on a phone', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  const id = runId();
  const ids: string[] = [];
  const card = (recordId: string) => page.locator(`[data-testid="record-card"][data-record-id="${recordId}"]`);
  const menu = async (testId: string) => {
    await page.getByTestId('bulk-menu').tap();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByTestId(testId).tap();
  };
  const apply = () => page.getByRole('dialog').getByRole('button', { name: /应\s*用/ }).tap();

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    for (const n of ['甲', '乙', '丙']) ids.push((await api.post('/api/v1/customers', { name: `手机批量${n} ${id}`, tags: ['老客户'] })).data.id);
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'zh-CN', reducedMotion: 'reduce' });
    page = await context.newPage();
    await loginInBrowser(page);
    await page.goto('/o/customers');
    await page.getByTestId('list-search').locator('input').fill(id);
    await eventually(async () => expect(await page.getByTestId('record-card').count()).toBe(3));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a long press selects a card; taps add more; the owner moves for the selection only', async () => {
    const roles = await api.get('/api/v1/roles');
    const rep = roles.data.find((r: { key: string }) => r.key === 'sales_rep');
    const heir = (await api.post('/api/v1/users', { email: `phone-heir-${id}@example.com`, name: `手机接手${id}`, password: 'rep-password-123', roleId: rep.id })).data;
    // Long press: the finger rests on the card (CDP touch events, as a phone sends them).
    const box = (await card(ids[0]).boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const point = [{ x: box.x + box.width / 2, y: box.y + box.height / 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point });
    await page.getByTestId('phone-select-bar').waitFor();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expectText(page.getByTestId('phone-selected-count'), '已选 1 条');
    // Still on the list: the long press did not open the record.
    expect(new URL(page.url()).pathname).toBe('/o/customers');
    await card(ids[1]).tap();
    await expectText(page.getByTestId('phone-selected-count'), '已选 2 条');
    await page.screenshot({ path: `/tmp/phone-bulk-select-${id}.png` });

    await menu('bulk-owner');
    await pickOption(page, page.getByTestId('bulk-owner-field').locator('.ant-select'), `手机接手${id} phone-heir-${id}@example.com`);
    await apply();
    await eventually(async () => {
      const owners = await Promise.all(ids.map(async (i) => (await api.get(`/api/v1/customers/${i}`)).data.owner_id));
      expect(owners.map((o) => o === heir.id)).toEqual([true, true, false]);
    });
    // Done leaves select mode: a tap opens a card again.
    await page.getByTestId('phone-select-bar').waitFor({ state: 'detached' });
  });

  it('选择 → 全选, then a field edit, a tag and delete run on every card', async () => {
    await page.getByTestId('list-select-mode').tap();
    await page.getByTestId('phone-select-all').tap();
    await expectText(page.getByTestId('phone-selected-count'), '已选 3 条');
    await menu('bulk-edit');
    await pickOption(page, page.getByTestId('bulk-field-name').locator('.ant-select'), '客户状态');
    await pickOption(page, page.getByTestId('bulk-field-value').locator('.ant-select'), '重要客户');
    await apply();
    await eventually(async () => {
      for (const i of ids) expect((await api.get(`/api/v1/customers/${i}`)).data.status).toBe('vip');
    });

    await page.getByTestId('list-select-mode').tap();
    await page.getByTestId('phone-select-all').tap();
    await menu('bulk-add-tags');
    const tags = page.getByTestId('bulk-tags').locator('.ant-select');
    await tags.tap();
    await tags.locator('input').fill('高活跃度');
    await tags.locator('input').press('Enter');
    await apply();
    await eventually(async () => {
      for (const i of ids) expect((await api.get(`/api/v1/customers/${i}`)).data.tags).toEqual(['老客户', '高活跃度']);
    });

    await page.getByTestId('list-select-mode').tap();
    await card(ids[2]).tap();
    await page.getByTestId('bulk-delete').tap();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除/ }).tap();
    await eventually(async () => expect(await page.getByTestId('record-card').count()).toBe(2));
    await page.screenshot({ path: `/tmp/phone-bulk-done-${id}.png` });
  });
});
