import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId, selectOption } from './ui';

/** An admin builds a rule in the visual editor, fires it by editing a deal, and sees the effect and the run log. */
describe('automation rule editor', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  let dealId: string;
  const id = runId();
  const ruleName = `赢单后续约 ${id}`;
  const customerName = `自动化客户 ${id}`;
  const dealName = `自动化商机 ${id}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    const customer = await api.post('/api/v1/customers', { name: customerName });
    const deal = await api.post('/api/v1/deals', { name: dealName, customer_id: customer.data.id, stage: 'negotiation' });
    dealId = deal.data.id;
    page = await (await newContext(browser)).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('builds "deal stage → won ⇒ set a field and create a task" without typing JSON', async () => {
    await page.goto('/settings/automation');
    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-name').fill(ruleName);
    await pickOption(page, page.getByTestId('trigger-kind'), '字段变化时');
    await pickOption(page, page.getByTestId('trigger-field'), '阶段');
    await pickOption(page, page.getByTestId('trigger-to').locator('.ant-select'), '赢单');

    // Condition over the related customer: its name contains the run id.
    await page.getByTestId('condition-add').click();
    await pickOption(page, page.getByTestId('condition-field').last(), '客户 › 客户名称');
    await page.getByTestId('condition-value').last().locator('input').fill(id);

    await pickOption(page, page.getByTestId('action-add'), '更新字段');
    await pickOption(page, page.getByTestId('update-field').last(), '备注');
    await pickOption(page, page.getByTestId('update-op').last(), '按模板');
    await page.getByTestId('update-value').last().locator('input').fill('{{customer_id.name}} 续约');
    await pickOption(page, page.getByTestId('action-add'), '创建任务/跟进');
    await page.getByTestId('task-title').fill('安排 {{name}} 交付');
    expect(await page.getByTestId('action-card').count()).toBe(2);

    // Dry run against the deal: conditions met, and what it would set.
    await page.getByTestId('dry-run-record').locator('.ant-select').click();
    await page.getByTestId('dry-run-record').locator('input').fill(id);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: dealName }).click();
    await page.getByTestId('dry-run-button').click();
    await expectText(page.getByTestId('dry-run-result'), `set description = "${customerName} 续约"`);
    await page.screenshot({ path: 'e2e/screenshots/automation-editor.png', fullPage: true }).catch(() => undefined);

    await page.getByTestId('rule-save').click();
    // Saved: the editor stays open on the rule, now with its run log tab.
    await page.getByTestId('rule-tab-runs').waitFor();
    await page.getByTestId('rule-back').click();
    await expectText(page.getByTestId('rule-list'), ruleName);
    const rules = await api.get('/api/v1/automation/rules');
    const rule = rules.data.find((r: any) => r.name === ruleName);
    expect(rule).toMatchObject({ object: 'deals', enabled: true, trigger: { kind: 'field_changed', field: 'stage', to: 'won' } });
    expect(rule.conditions).toEqual({ and: [{ field: 'customer_id.name', op: 'contains', value: id }] });
  }, 180_000);

  it('fires when the deal is edited to won; the effect, the timeline and the run log show it', async () => {
    await page.goto(`/o/deals/${dealId}`);
    await page.getByTestId('record-edit').click();
    await selectOption(page, page.getByTestId('field-stage').locator('.ant-select'), '赢单');
    await page.getByTestId('form-save').click();
    await eventually(async () => expect((await api.get(`/api/v1/deals/${dealId}`)).data.stage).toBe('won'));

    // The rule runs in the background (outbox → event queue → run queue): seconds on a quiet
    // machine, longer when CI shares the cores.
    await eventually(async () => {
      const deal = await api.get(`/api/v1/deals/${dealId}`);
      expect(deal.data.description).toBe(`${customerName} 续约`);
    }, 50_000);
    const tasks = await api.get(`/api/v1/tasks?filter=${encodeURIComponent(JSON.stringify({ field: 'deal_id', op: 'eq', value: dealId }))}`);
    expect(tasks.data.map((t: any) => t.title)).toEqual([`安排 ${dealName} 交付`]);

    await page.reload();
    await expectText(page.getByTestId('timeline'), ruleName, 15_000);

    await page.goto('/settings/automation');
    await page.getByTestId('rule-link').filter({ hasText: ruleName }).click();
    await page.getByTestId('rule-tab-runs').click();
    await expectText(page.getByTestId('run-log'), '成功', 15_000);
    await page.screenshot({ path: 'e2e/screenshots/automation-runs.png', fullPage: true }).catch(() => undefined);
  }, 150_000);

  it('is usable at phone width', async () => {
    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await loginInBrowser(phone);
    await phone.goto('/settings/automation');
    await phone.getByTestId('rule-list').waitFor();
    await phone.screenshot({ path: 'e2e/screenshots/automation-phone.png', fullPage: true }).catch(() => undefined);
    await phone.getByTestId('rule-new').click();
    await phone.getByTestId('rule-editor').waitFor();
    await phone.screenshot({ path: 'e2e/screenshots/automation-phone-editor.png', fullPage: true }).catch(() => undefined);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });
});
