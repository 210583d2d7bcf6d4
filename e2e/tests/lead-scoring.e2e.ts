import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, fillNumber, runId, selectOption } from './ui';

const shots = process.env.E2E_SCREENSHOTS ?? 'e2e/screenshots';

/** 市场 › 线索评分: an admin adds a fit rule in the editor, the lead gets the score with its reason, the list sorts by score; also at 390 px. */
describe('lead scoring', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a rule made in the editor scores a lead, shown on its card and sorted first in the list', async () => {
    const id = runId();
    const marker = `评分测试${id}`;
    const api = await ApiClient.login();
    const hot = (await api.post('/api/v1/leads', { name: `高意向线索 ${id}`, company: '上海浦东新区张江高科技园区智能制造装备集团有限公司', title: `${marker}·技术总监` })).data;
    const cold = (await api.post('/api/v1/leads', { name: `普通线索 ${id}`, company: '苏州精密电子', title: '采购专员' })).data;

    const page = await (await newContext(browser, { width: 1280, height: 900 })).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
    await page.getByTestId('nav-lead-scoring').click();
    await page.getByTestId('scoring-new').click();
    const editor = page.getByTestId('scoring-rule-editor');
    await page.getByTestId('scoring-name').fill(`职位含测试标记 ${id}`);
    await editor.getByText('匹配', { exact: true }).click();
    await selectOption(page, page.getByTestId('scoring-field'), '职位');
    await page.getByTestId('scoring-value').locator('input').fill(marker);
    await fillNumber(page, 'scoring-points', '77');
    await page.screenshot({ path: `${shots}/lead-scoring-editor.png` }).catch(() => undefined);
    await page.getByTestId('scoring-save').click();
    await expectText(page.getByTestId('scoring-rules'), `职位含测试标记 ${id}`);
    await expectText(page.getByTestId('scoring-rules'), '+77');
    await page.screenshot({ path: `${shots}/lead-scoring-rules.png`, fullPage: true }).catch(() => undefined);

    // Saving queues a rescore of everyone in the background.
    await eventually(async () => expect((await api.get(`/api/v1/leads/${hot.id}`)).data.score).toBe(77), 60_000);
    await page.goto(`/o/leads/${hot.id}`);
    await expectText(page.getByTestId('score-value'), '77');
    await expectText(page.getByTestId('score-reasons'), `职位含测试标记 ${id}`);
    await page.screenshot({ path: `${shots}/lead-scoring-card.png`, fullPage: true }).catch(() => undefined);

    // The run's two leads; newest first until sorted by score, highest first.
    await page.goto(`/o/leads?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'contains', value: id }))}`);
    const titles = page.getByTestId('record-title-link');
    await eventually(async () => expect(await titles.allInnerTexts()).toEqual([cold.name, hot.name]));
    const header = page.locator('th').filter({ hasText: '线索评分' });
    await header.click();
    await header.click();
    await eventually(async () => expect(await titles.allInnerTexts()).toEqual([hot.name, cold.name]));
    await page.screenshot({ path: `${shots}/lead-scoring-list.png`, fullPage: true }).catch(() => undefined);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/marketing/scoring');
    await expectText(page.getByTestId('scoring-rules'), `职位含测试标记 ${id}`);
    await page.screenshot({ path: `${shots}/lead-scoring-rules-390.png`, fullPage: true }).catch(() => undefined);
    await page.getByTestId('scoring-new').click();
    await page.getByTestId('scoring-name').waitFor();
    await page.screenshot({ path: `${shots}/lead-scoring-editor-390.png` }).catch(() => undefined);
    await page.keyboard.press('Escape');
    await page.goto(`/o/leads/${hot.id}`);
    await expectText(page.getByTestId('score-value'), '77');
    await page.screenshot({ path: `${shots}/lead-scoring-card-390.png`, fullPage: true }).catch(() => undefined);
    await page.goto('/o/leads');
    await expectText(page.locator('body'), hot.name.slice(0, 5));
    await page.screenshot({ path: `${shots}/lead-scoring-list-390.png`, fullPage: true }).catch(() => undefined);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 240_000);
});
