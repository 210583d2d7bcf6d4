import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { expectText, pickOption, runId } from './ui';

/** A marketer opens a static segment from 市场 › 客户分群, sees its count, opens its members' list, removes one; a rule can test membership. */
describe('segments', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the live count, lists members by ?segment= and edits a static list, also at 390 px', async () => {
    const id = runId();
    const api = await ApiClient.login();
    const name = `华东地区年度展会重点跟进客户名单（上海国际会展中心）${id}`;
    const segment = (await api.post('/api/v1/segments', { name, kind: 'static', object: 'customers' })).data;
    const members = [];
    for (const n of ['杭州云帆科技有限公司', '苏州明远精密制造股份有限公司']) members.push((await api.post('/api/v1/customers', { name: `${n} ${id}` })).data);
    await api.post('/api/v1/customers', { name: `不在名单的客户 ${id}` });
    await api.post(`/api/v1/segments/${segment.id}/members`, { ids: members.map((m) => m.id) });
    const empty = (await api.post('/api/v1/segments', { name: `空名单 ${id}`, kind: 'static', object: 'leads' })).data;

    const page = await (await newContext(browser, { width: 1280, height: 900 })).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
    await page.getByTestId('nav-segments').click();
    await page.getByText(name).first().click();
    await expectText(page.getByTestId('segment-count'), '2');
    expect(await page.getByTestId('segment-member').count()).toBe(2);
    await page.screenshot({ path: 'e2e/screenshots/segment-detail.png', fullPage: true }).catch(() => undefined);

    await page.getByTestId('segment-open-list').click();
    await page.waitForURL(new RegExp(`/o/customers\\?segment=${segment.id}`));
    await expectText(page.getByTestId('list-segment-filter'), name.slice(0, 10));
    await expectText(page.getByTestId('list-total'), '2');
    expect(await page.getByText(`不在名单的客户 ${id}`).count()).toBe(0);
    await page.screenshot({ path: 'e2e/screenshots/segment-list.png', fullPage: true }).catch(() => undefined);

    await page.goBack();
    await page.getByTestId('segment-member').first().getByRole('button', { name: '移出分群' }).click();
    await expectText(page.getByTestId('segment-count'), '1');

    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await loginInBrowser(phone);
    await phone.goto(`/o/segments/${segment.id}`);
    await expectText(phone.getByTestId('segment-count'), '1');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: 'e2e/screenshots/segment-phone.png', fullPage: true }).catch(() => undefined);
    await phone.goto(`/o/segments/${empty.id}`);
    await expectText(phone.getByTestId('segment-members'), '还没有成员');
    await phone.screenshot({ path: 'e2e/screenshots/segment-empty-phone.png', fullPage: true }).catch(() => undefined);

    // The rule editor offers "in segment" on customers.
    await page.goto('/settings/automation');
    await page.getByTestId('rule-new').click();
    await pickOption(page, page.getByTestId('rule-object'), '客户');
    await page.getByTestId('condition-add').click();
    await pickOption(page, page.getByTestId('condition-field').last(), '属于客户分群');
    await page.getByTestId('condition-value').last().locator('.ant-select').click();
    // Only segments of the rule's object are offered: the customers list, not the leads one.
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await options.filter({ hasText: name.slice(0, 10) }).first().waitFor();
    expect(await options.filter({ hasText: `空名单 ${id}` }).count()).toBe(0);
    await options.filter({ hasText: name.slice(0, 10) }).first().click();
    await page.screenshot({ path: 'e2e/screenshots/segment-rule.png', fullPage: true }).catch(() => undefined);
  });
});
