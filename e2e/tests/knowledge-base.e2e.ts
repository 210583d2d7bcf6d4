import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { expectText, runId, selectOption } from './ui';

/** An agent writes and publishes an article; a visitor on a phone finds it in the help centre and rates it; the composer suggests it. */
describe('knowledge base', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('goes from the editor to /help at 390 px and into a ticket reply', async () => {
    const id = runId();
    const title = `蓝牙耳机配对失败的处理方法 ${id}`;
    const context = await newContext(browser);
    const page = await context.newPage();
    await loginInBrowser(page);
    await page.getByTestId('nav-kb-new').click();
    await page.getByTestId('kb-title').fill(title);
    await page.getByTestId('kb-body').fill('## 步骤\n\n1. 关闭耳机后长按电源键 **5 秒**进入配对模式；\n2. 在手机蓝牙设置中删除旧的配对记录。');
    await expectText(page.getByTestId('kb-preview'), '进入配对模式');
    await page.getByTestId('kb-preview').locator('strong', { hasText: '5 秒' }).waitFor();
    await selectOption(page, page.getByTestId('kb-status'), '已发布');
    await selectOption(page, page.getByTestId('kb-visibility'), '公开');
    await page.getByTestId('kb-save').click();
    await page.waitForURL(/\/kb\/[0-9a-f-]+\/edit$/);
    await expect.poll(() => page.getByTestId('kb-version').count()).toBe(1);
    const slug = await page.getByTestId('kb-slug').inputValue();
    expect(slug).toMatch(/^lan-ya-er-ji-pei-dui-shi-bai/);

    const visitor = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await visitor.goto('/help?lang=zh');
    await visitor.getByRole('searchbox').fill('耳机');
    await visitor.getByRole('button', { name: '搜索' }).click();
    await visitor.getByRole('link', { name: title }).click();
    await expectText(visitor.locator('article h1'), title);
    expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await visitor.getByRole('button', { name: /有帮助/ }).click();
    await expectText(visitor.getByTestId('help-vote'), '感谢您的反馈');
    await visitor.getByRole('button', { name: /有帮助/ }).click();
    await expectText(visitor.getByTestId('help-vote'), '您已经评价过');
    await expectText(visitor.getByRole('button', { name: /有帮助/ }), '(1)');

    // An agent answering a ticket about it gets the article suggested and inserts its link.
    const admin = await ApiClient.login();
    const ticket = (await admin.post('/api/v1/tickets', { subject: `耳机无法配对 ${id}`, description: '新买的蓝牙耳机一直配对失败。' })).data;
    await page.goto(`/o/tickets/${ticket.id}`);
    const suggestion = page.getByTestId('kb-suggestion').filter({ hasText: title });
    await suggestion.getByTestId('kb-insert-link').click();
    await expect.poll(() => page.getByTestId('composer-text').inputValue()).toContain(`/help/articles/${slug}`);
  });
});
