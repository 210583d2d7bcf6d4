import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId } from './ui';

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/**
 * The record drawer's daily traps, as a user meets them: Esc in a picker, closing a dirty form,
 * Enter in a date picker, a window crossing the phone breakpoint, and a quote started from a deal.
 */
describe('record form traps', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: ApiClient;
  const id = runId();
  const drawer = () => page.getByTestId('record-form');
  const nameInput = () => page.getByTestId('field-name').locator('input');

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    context = await newContext(browser, { width: 1280, height: 800 });
    page = await context.newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Esc closes an open picker only; closing a dirty form asks, and 继续编辑 keeps the text', async () => {
    await page.goto('/o/customers');
    await page.getByTestId('record-new').click();
    await nameInput().fill(`未保存客户 ${id}`);
    await page.getByTestId('field-industry').locator('.ant-select').click();
    await page.locator(OPEN_DROPDOWN).waitFor();
    await page.keyboard.press('Escape');
    await page.locator(OPEN_DROPDOWN).waitFor({ state: 'detached' }).catch(() => page.locator(OPEN_DROPDOWN).waitFor({ state: 'hidden' }));
    // The picker closed; the drawer and the typed name did not go, and nothing asked.
    expect(await drawer().isVisible()).toBe(true);
    expect(await nameInput().inputValue()).toBe(`未保存客户 ${id}`);
    expect(await page.locator('.ant-modal-confirm').count()).toBe(0);

    await page.getByTestId('form-cancel').click();
    const confirm = page.locator('.ant-modal-confirm');
    await expectText(confirm, '放弃未保存的修改？');
    await confirm.getByRole('button', { name: '继续编辑' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await nameInput().inputValue()).toBe(`未保存客户 ${id}`);

    // Esc with no picker open asks too; 放弃修改 closes the drawer and saves nothing.
    await nameInput().press('Escape');
    await confirm.getByRole('button', { name: '放弃修改' }).click();
    await drawer().waitFor({ state: 'detached' });
    expect((await named(api, 'customers', `未保存客户 ${id}`))).toHaveLength(0);
    await page.screenshot({ path: `/tmp/form-traps-esc-${id}.png` });
  });

  it('Enter in a date picker picks the date and does not save the form', async () => {
    const name = `日期商机 ${id}`;
    await page.goto('/o/deals');
    await page.getByTestId('record-new').click();
    await nameInput().fill(name);
    const date = page.getByTestId('field-expected_close_date').locator('input');
    await date.click();
    await date.fill('2026-12-31');
    await date.press('Enter');
    await eventually(async () => expect(await date.inputValue()).toBe('2026-12-31'));
    // The form is valid (it saves below), yet Enter did not submit it.
    expect(await drawer().isVisible()).toBe(true);
    expect((await named(api, 'deals', name))).toHaveLength(0);
    await page.getByTestId('form-save').click();
    await eventually(async () => expect((await named(api, 'deals', name))[0]?.expected_close_date).toBe('2026-12-31'));
  });

  it('a form opened from a customer’s 360° page keeps typed text across the phone breakpoint', async () => {
    const customer = (await api.post('/api/v1/customers', { name: `断点客户 ${id}` })).data;
    await page.goto(`/o/customers/${customer.id}`);
    await page.getByTestId('related-new-contacts').click();
    await nameInput().fill('张晓梅');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('nav-toggle').waitFor();
    await page.screenshot({ path: `/tmp/form-traps-390-${id}.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('nav-toggle').waitFor({ state: 'detached' });
    expect(await nameInput().inputValue()).toBe('张晓梅');
    // The relation the related list filled is still there too.
    await expectText(page.getByTestId('field-customer_id'), `断点客户 ${id}`);
  });

  it('新建报价 from a deal takes the deal and the deal’s customer', async () => {
    const customer = (await api.post('/api/v1/customers', { name: `报价客户 ${id}` })).data;
    const deal = (await api.post('/api/v1/deals', { name: `报价商机 ${id}`, customer_id: customer.id })).data;
    await page.goto(`/o/deals/${deal.id}`);
    await page.getByTestId('related-tab-quotes').click();
    await page.getByTestId('related-new-quotes').click();
    await expectText(selectOf(page, 'customer_id'), `报价客户 ${id}`);
    await expectText(selectOf(page, 'deal_id'), `报价商机 ${id}`);
    await nameInput().fill(`从商机报价 ${id}`);
    await page.getByTestId('form-save').click();
    await eventually(async () => {
      const [quote] = await named(api, 'quotes', `从商机报价 ${id}`);
      expect([quote?.customer_id, quote?.deal_id]).toEqual([customer.id, deal.id]);
    });
  });
});

const selectOf = (page: Page, field: string): Locator => page.getByTestId(`field-${field}`).locator('.ant-select');

/** The records of an object with exactly this name. */
async function named(api: ApiClient, object: string, name: string): Promise<Array<Record<string, unknown>>> {
  return (await api.get(`/api/v1/${object}?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: name }))}`)).data;
}
