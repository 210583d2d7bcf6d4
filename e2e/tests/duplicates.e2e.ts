import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId, uniqueChineseName } from './ui';

/**
 * The create form warns about a likely duplicate before saving; the duplicate finder lists the
 * pair, the merge dialog merges it field by field, and the related records show on the survivor.
 */
describe('duplicates', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  const id = runId();
  const { name: base } = uniqueChineseName(`${id}科技`);
  const first = `${base}有限公司`;
  const second = `${base}（中国）`;
  let a: { id: string };
  let b: { id: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    a = (await api.post('/api/v1/customers', { name: first, phone: '021-5555 0101' })).data;
    b = (await api.post('/api/v1/customers', { name: second, email: `sales@${id}.cn`, employees: 80 })).data;
    await api.post('/api/v1/deals', { name: `${base}采购项目`, customer_id: b.id });
    await api.post('/api/v1/activities', { subject: `${base}上门拜访`, type: 'visit', customer_id: b.id });
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('warns in the create form and asks before saving a likely duplicate', async () => {
    await page.goto('/o/customers');
    await page.getByTestId('record-new').click();
    await page.locator('#name').fill(`${base}股份有限公司`);
    const warning = page.getByTestId('duplicate-warning');
    await expectText(warning, first);
    await expectText(warning, second);
    expect(await warning.getByTestId('duplicate-match-link').first().getAttribute('href')).toMatch(/^\/o\/customers\/[0-9a-f-]{36}$/);
    await page.screenshot({ path: '/tmp/e2e-duplicates-warning.png' });
    await page.getByTestId('form-save').click();
    const confirm = page.getByTestId('duplicate-confirm');
    await expectText(confirm, first);
    // "Go back": nothing is saved, the form stays open with what was typed.
    await page.locator('.ant-modal-confirm .ant-btn').filter({ hasText: '返回修改' }).click();
    expect(await page.locator('#name').inputValue()).toBe(`${base}股份有限公司`);
    const list = await api.get(`/api/v1/customers?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: `${base}股份有限公司` }))}`);
    expect(list.data).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('merges the pair from the finder field by field; related records move to the survivor', async () => {
    await page.goto('/duplicates/customers');
    const group = page.getByTestId('duplicate-group').filter({ hasText: first }).filter({ hasText: second }).first();
    await group.waitFor();
    await group.getByRole('button').click();
    const dialog = page.getByTestId('merge-dialog');
    await expectText(dialog, second);
    // A table with a fixed header renders its header cells twice (one copy hidden): take the first.
    await page.getByTestId('merge-record-1').first().waitFor();
    const firstIndex = (await page.getByTestId('merge-record-0').first().innerText()).includes(first) ? 0 : 1;
    const secondIndex = 1 - firstIndex;
    await expectText(page.getByTestId(`merge-related-${secondIndex}`).first(), '商机 1');
    await page.getByTestId(`merge-survivor-${firstIndex}`).first().click();
    // The name differs between the two: a conflict; keep the survivor's. Take e-mail and headcount from the other.
    await page.getByTestId('merge-conflict-name').waitFor();
    await page.getByTestId(`merge-pick-email-${secondIndex}`).click();
    await page.getByTestId(`merge-pick-employees-${secondIndex}`).click();
    await page.screenshot({ path: '/tmp/e2e-duplicates-merge.png' });
    await page.getByTestId('merge-submit').click();
    await eventually(async () => expect((await api.request('GET', `/api/v1/customers/${b.id}`).catch((e: Error) => e.message))).toContain('404'));

    await page.goto(`/o/customers/${a.id}`);
    await expectText(page.getByTestId('record-title'), first);
    await expectText(page.getByTestId('record-detail'), `sales@${id}.cn`);
    await page.getByTestId('related-tab-deals').click();
    await expectText(page.getByTestId('related-lists'), `${base}采购项目`);
    await expectText(page.getByTestId('timeline'), `${base}上门拜访`);
    await page.screenshot({ path: '/tmp/e2e-duplicates-survivor.png', fullPage: true });

    await page.goto('/duplicates/customers/history');
    await expectText(page.getByTestId('merge-history'), first);
  });

  it('fits a phone screen: finder and merge dialog', async () => {
    const context = await newContext(browser, { width: 390, height: 844 });
    const phone = await context.newPage();
    await loginInBrowser(phone);
    const long = `${base}Very Long International Trading and Manufacturing Group`;
    await api.post('/api/v1/customers', { name: `${long} Co., Ltd.`, phone: '13800005555' });
    await api.post('/api/v1/customers', { name: `${long} Inc.`, email: `buyer@${id}-intl.com` });
    await phone.goto('/duplicates/customers');
    const group = phone.getByTestId('duplicate-group').filter({ hasText: 'Inc.' }).first();
    await group.waitFor();
    const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(1);
    await phone.screenshot({ path: '/tmp/e2e-duplicates-phone-finder.png', fullPage: true });
    await group.getByRole('button').click();
    await phone.getByTestId('merge-record-1').first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(1);
    await phone.screenshot({ path: '/tmp/e2e-duplicates-phone-merge.png' });
    await context.close();
  });
});
