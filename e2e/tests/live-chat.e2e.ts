import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { siteWithSnippet } from './lead-intake';
import { expectText, runId } from './ui';

/**
 * Live chat end to end: an admin switches the widget on for a company site (another origin: another
 * port), a 客服专员 goes online in the console, a visitor chats from that site, the agent accepts
 * and answers, the visitor sees the answer live; then the agent ends the chat into a ticket.
 */
describe('live chat from a page on another origin', () => {
  const id = runId();
  const password = 'agent-password-1';
  const agent = { email: `chat-agent-${id}@example.com`, name: `在线客服专员欧阳晓燕${id}` };
  const visitorName = `来自官网的访客司马长风${id}`;
  const article = `双面打印设置指南 ${id}`;
  let browser: Browser;
  let admin: ApiClient;
  let site: Awaited<ReturnType<typeof siteWithSnippet>> | undefined;
  let snippet = '';
  let agentPage: Page;
  let visitorPage: Page;
  const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: false }).catch(() => undefined);

  beforeAll(async () => {
    admin = await ApiClient.login();
    const role = (await admin.get('/api/v1/roles')).data.find((r: { key: string }) => r.key === 'service_agent');
    await admin.post('/api/v1/users', { ...agent, password, roleId: role.id });
    await admin.post('/api/v1/kb_articles', { title: article, body: '打开打印首选项，勾选“双面打印”。', visibility: 'public', status: 'published', language: 'zh' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await site?.close();
    await browser?.close();
  });

  it('an admin switches chat on for the company site and copies the snippet', async () => {
    // The site's address must be known before it is allowed: start it with a placeholder, then serve the snippet.
    const page = await (await newContext(browser)).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
    const settings = (await admin.get('/api/v1/chat/settings')).data;
    snippet = settings.snippet;
    site = await siteWithSnippet('某某商城', '某某商城 · 官网首页', snippet, '<meta name="viewport" content="width=device-width, initial-scale=1">');
    await page.goto('/settings/service');
    await page.getByRole('tab', { name: '在线客服' }).click();
    const pane = page.getByTestId('chat-settings');
    await pane.waitFor();
    const enabled = page.getByTestId('chat-settings-enabled');
    if ((await enabled.getAttribute('aria-checked')) !== 'true') await enabled.click();
    await page.getByTestId('chat-settings-origins').locator('input').fill(`${site.url}/`);
    await page.getByTestId('chat-settings-origins').locator('input').press('Enter');
    await page.getByTestId('chat-settings-save').click();
    await expectText(page.locator('.ant-message'), '已保存');
    await expectText(page.getByTestId('chat-snippet'), '/widget.js');
    await shot(page, 'live-chat-settings');
    const saved = (await admin.get('/api/v1/chat/settings')).data;
    expect(saved).toMatchObject({ enabled: true, allowedOrigins: [site.url] });
  });

  it('the agent goes online in the console', async () => {
    agentPage = await (await newContext(browser)).newPage();
    agentPage.setDefaultTimeout(15_000);
    await loginInBrowser(agentPage, agent.email, password);
    await agentPage.getByTestId('nav-service-chat').click();
    await agentPage.getByTestId('chat-console').waitFor();
    await expectText(agentPage.getByTestId('chat-console'), '实时连接');
    const toggle = agentPage.getByTestId('chat-availability');
    if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await shot(agentPage, 'live-chat-console-empty');
  });

  it('a visitor chats from the other site; the agent accepts and answers; the visitor sees it live', async () => {
    visitorPage = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })).newPage();
    visitorPage.setDefaultTimeout(15_000);
    await visitorPage.goto(`${site!.url}/products?from=e2e`);
    await visitorPage.locator('[data-crm-chat-launcher]').click();
    const panel = visitorPage.locator('.crm-chat-panel');
    await expectText(panel, '您好，有什么可以帮您？');
    await panel.locator('input[name="name"]').fill(visitorName);
    await panel.locator('input[name="email"]').fill(`visitor-${id}@example.cn`);
    await panel.locator('.crm-chat-intro textarea').fill('请问这款打印机支持双面打印吗？');
    await panel.locator('.crm-chat-intro button[type="submit"]').click();
    await expectText(panel, '正在为您接入客服');

    const item = agentPage.getByTestId('chat-queue-item').filter({ hasText: visitorName });
    await item.waitFor();
    await shot(agentPage, 'live-chat-console-queue');
    await item.getByTestId('chat-accept').click();
    const log = agentPage.getByTestId('chat-log');
    await expectText(log, '请问这款打印机支持双面打印吗？');
    await expectText(panel.locator('.crm-chat-state'), `客服 ${agent.name} 正在为您服务`, 15_000);

    await agentPage.getByTestId('chat-input').fill('支持的，自动双面打印。');
    await agentPage.getByTestId('chat-send').click();
    await expectText(panel.locator('.crm-chat-msg.agent'), '支持的，自动双面打印。', 15_000);

    // A knowledge-base link, searched in the console, arrives as a link the visitor can open.
    await agentPage.getByTestId('chat-kb-open').click();
    await agentPage.getByTestId('chat-kb').locator('input').fill('双面打印');
    await agentPage.getByTestId('chat-kb').locator('input').press('Enter');
    await agentPage.getByTestId('chat-kb-item').filter({ hasText: article }).click();
    await expect.poll(() => agentPage.getByTestId('chat-input').inputValue()).toContain('/help/articles/');
    await agentPage.getByTestId('chat-send').click();
    const link = panel.locator('.crm-chat-msg.agent a').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toContain('/help/articles/');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    await panel.locator('.crm-chat-send textarea').fill('好的，谢谢！<b>下单</b>');
    await panel.locator('.crm-chat-send textarea').press('Enter');
    await expectText(log, '好的，谢谢！下单', 15_000);
    await shot(visitorPage, 'live-chat-widget-desktop');
    await shot(agentPage, 'live-chat-console');
  });

  it('the agent ends the chat into a ticket; the visitor is told; the transcript is on the contact', async () => {
    await agentPage.getByTestId('chat-end-ticket').click();
    await agentPage.locator('.ant-popconfirm .ant-btn-primary').click();
    await expectText(agentPage.locator('.ant-message'), '已创建工单');
    await expectText(visitorPage.locator('.crm-chat-state'), '对话已结束', 15_000);
    const tickets = (await admin.get(`/api/v1/tickets?filter=${encodeURIComponent(JSON.stringify({ field: 'channel', op: 'eq', value: 'chat' }))}`)).data as Array<{ description: string; contact_id: string }>;
    const ticket = tickets.find((x) => x.description.includes('请问这款打印机支持双面打印吗？'));
    expect(ticket).toBeTruthy();
    const activities = (await admin.get(`/api/v1/activities?filter=${encodeURIComponent(JSON.stringify({ field: 'contact_id', op: 'eq', value: ticket!.contact_id }))}`)).data as Array<{ subject: string }>;
    expect(activities.map((a) => a.subject)).toContain(`在线客服会话 · ${visitorName}`);
  });

  it('on a 390 px phone the widget fills the screen, and the console stacks', async () => {
    const phone = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    phone.setDefaultTimeout(15_000);
    await phone.goto(site!.url);
    await phone.locator('[data-crm-chat-launcher]').click();
    const box = await phone.locator('.crm-chat-panel').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390 });
    await phone.locator('.crm-chat-panel input[name="name"]').fill(visitorName);
    await phone.locator('.crm-chat-intro textarea').fill('手机上也能咨询吗？');
    await phone.locator('.crm-chat-intro button[type="submit"]').click();
    await expectText(phone.locator('.crm-chat-panel'), '正在为您接入客服');
    await shot(phone, 'live-chat-widget-phone');

    const phoneAgent = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    phoneAgent.setDefaultTimeout(15_000);
    await loginInBrowser(phoneAgent, agent.email, password);
    await phoneAgent.goto('/service/chat');
    const item = phoneAgent.getByTestId('chat-queue-item').filter({ hasText: visitorName });
    await item.getByTestId('chat-accept').click();
    await expectText(phoneAgent.getByTestId('chat-log'), '手机上也能咨询吗？');
    expect(await phoneAgent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phoneAgent, 'live-chat-console-phone');
  });
});
