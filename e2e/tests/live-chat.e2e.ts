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
  const groupName = `官网打印机咨询组${id}`;
  let groupId = '';
  let png: Buffer;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')]);
  const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: false }).catch(() => undefined);

  beforeAll(async () => {
    admin = await ApiClient.login();
    const role = (await admin.get('/api/v1/roles')).data.find((r: { key: string }) => r.key === 'service_agent');
    const user = (await admin.post('/api/v1/users', { ...agent, password, roleId: role.id })).data;
    // Chats on the printer topic go to a group the agent is in.
    groupId = (await admin.post('/api/v1/support_groups', { name: groupName })).data.id;
    await admin.request('PUT', `/api/v1/support_groups/${groupId}/members`, { userIds: [user.id] });
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
    const { widgetUrl: _u, snippet: _s, ...values } = saved;
    await admin.request('PUT', '/api/v1/chat/settings', { ...values, missedAfterSeconds: 900, topics: [{ key: 'printer', zh: '打印机咨询', en: 'Printers', groupId }] });
    await page.reload();
    await page.getByTestId('chat-settings-topics').locator('input').first().waitFor();
    expect(await page.getByTestId('chat-settings-topics').locator('input').first().inputValue()).toBe('printer');
    await page.getByTestId('chat-settings-topics').scrollIntoViewIfNeeded();
    await shot(page, 'live-chat-settings-routing');
    // A picture to send, drawn by the browser.
    png = Buffer.from(
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 320;
        c.height = 180;
        const g = c.getContext('2d')!;
        g.fillStyle = '#e6f4ff';
        g.fillRect(0, 0, 320, 180);
        g.fillStyle = '#1677ff';
        g.font = '28px sans-serif';
        g.fillText('打印样张 A4', 60, 100);
        return c.toDataURL('image/png').split(',')[1];
      }),
      'base64',
    );
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
    await panel.locator('select[name="topic"]').selectOption('printer');
    await panel.locator('.crm-chat-intro textarea').fill('请问这款打印机支持双面打印吗？');
    await panel.locator('.crm-chat-intro button[type="submit"]').click();
    await expectText(panel, '正在为您接入客服');

    const item = agentPage.getByTestId('chat-queue-item').filter({ hasText: visitorName });
    await item.waitFor();
    // Routed to the printer topic's group.
    await expectText(item.getByTestId('chat-queue-group'), groupName);
    await shot(agentPage, 'live-chat-console-queue');
    await item.getByTestId('chat-accept').click();
    const log = agentPage.getByTestId('chat-log');
    await expectText(log, '请问这款打印机支持双面打印吗？');
    await expectText(panel.locator('.crm-chat-state'), `客服 ${agent.name} 正在为您服务`, 15_000);

    // Typing, seen by the other side, never stored.
    await agentPage.getByTestId('chat-input').fill('稍等，我查一下');
    await expectText(panel.locator('.crm-chat-typing'), `${agent.name} 正在输入…`, 15_000);
    await agentPage.getByTestId('chat-input').fill('');
    await panel.locator('.crm-chat-send textarea').fill('是彩色的那款');
    await expectText(agentPage.getByTestId('chat-visitor-typing'), '正在输入', 15_000);
    await panel.locator('.crm-chat-send textarea').fill('');

    // A picture from the visitor, a PDF from the agent.
    await panel.locator('.crm-chat-send input[type="file"]').setInputFiles({ name: '打印样张.png', mimeType: 'image/png', buffer: png });
    const seenByAgent = agentPage.getByTestId('chat-log').locator('img.chat-image');
    await seenByAgent.waitFor();
    await expect.poll(() => seenByAgent.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 15_000 }).toBe(320);
    await expect.poll(() => panel.locator('.crm-chat-img').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 15_000 }).toBe(320);
    await agentPage.locator('.chat-composer input[type="file"]').setInputFiles({ name: '保修卡.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expectText(panel.locator('.crm-chat-msg.agent .crm-chat-filelink'), '保修卡.pdf', 15_000);

    await agentPage.getByTestId('chat-input').fill('支持的，自动双面打印。');
    await agentPage.getByTestId('chat-send').click();
    await expectText(panel.locator('.crm-chat-msg.agent').filter({ hasText: '支持的' }), '支持的，自动双面打印。', 15_000);

    // A knowledge-base link, searched in the console, arrives as a link the visitor can open.
    await agentPage.getByTestId('chat-kb-open').click();
    await agentPage.getByTestId('chat-kb').locator('input').fill('双面打印');
    await agentPage.getByTestId('chat-kb').locator('input').press('Enter');
    await agentPage.getByTestId('chat-kb-item').filter({ hasText: article }).click();
    await expect.poll(() => agentPage.getByTestId('chat-input').inputValue()).toContain('/help/articles/');
    await agentPage.getByTestId('chat-send').click();
    const link = panel.locator('.crm-chat-msg.agent a:not(.crm-chat-filelink)').first();
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
    await phone.locator('.crm-chat-send input[type="file"]').setInputFiles({ name: '手机截图.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => phone.locator('.crm-chat-img').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 15_000 }).toBe(320);
    await shot(phone, 'live-chat-widget-phone-file');
    expect(await phoneAgent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phoneAgent, 'live-chat-console-phone');

    // A second chat while the first is open: its tab and the nav item count what was not read.
    await visitorPage.locator('.crm-chat-actions button').filter({ hasText: '重新咨询' }).click();
    const panel = visitorPage.locator('.crm-chat-panel');
    await panel.locator('.crm-chat-intro textarea').fill('第二个问题：墨盒多少钱？');
    await panel.locator('.crm-chat-intro button[type="submit"]').click();
    await expectText(panel, '正在为您接入客服');
    await agentPage.getByTestId('chat-queue-item').filter({ hasText: visitorName }).getByTestId('chat-accept').click();
    await expectText(panel.locator('.crm-chat-state'), '正在为您服务', 15_000);
    // The agent looks at the phone chat's tab; the visitor writes in the other.
    await agentPage.getByTestId('chat-tab').filter({ hasText: visitorName }).first().click();
    await panel.locator('.crm-chat-send textarea').fill('还有，纸张尺寸支持 A3 吗？');
    await panel.locator('.crm-chat-send textarea').press('Enter');
    const badge = agentPage.getByTestId('chat-tab-unread').locator('.ant-badge-count');
    await expect.poll(() => badge.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number((await agentPage.getByTestId('nav-chat-count').textContent()) || 0), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(agentPage, 'live-chat-console-unread');
    await expect.poll(() => phoneAgent.getByTestId('chat-tab-unread').locator('.ant-badge-count').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(phoneAgent, 'live-chat-console-phone-unread');

    const phoneAdmin = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    phoneAdmin.setDefaultTimeout(15_000);
    await loginInBrowser(phoneAdmin);
    await phoneAdmin.goto('/settings/service?tab=chat');
    await phoneAdmin.getByTestId('chat-settings-topics').scrollIntoViewIfNeeded();
    expect(await phoneAdmin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phoneAdmin, 'live-chat-settings-phone');
  });
});
