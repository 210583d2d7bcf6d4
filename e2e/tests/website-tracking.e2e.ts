import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId } from './ui';

/** What a visitor's browser says it is (headless Chromium calls itself HeadlessChrome, which the bot filter drops). */
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** A company website on another origin: every page carries the tracking tag; /trial also the form embed. */
async function companySite(pages: Record<string, string>, tracking: () => string, form: () => string) {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const title = pages[path] ?? '页面';
    const links = Object.entries(pages).map(([p, t]) => `<a href="${p}">${t}</a>`).join(' | ');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${tracking()}</head><body><nav>${links}</nav><h1>${title}</h1>${path === '/trial' ? form() : ''}</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * Website tracking end to end: an admin adds the company site under 市场 → 网站追踪 and copies the
 * snippet; a visitor on that site (another origin) views two pages and submits a web form there;
 * the lead it creates shows the visits on its timeline and in its interests card.
 */
describe('website tracking → web form → lead timeline', () => {
  const id = runId();
  const visitor = `慕容复（姑苏慕容氏集团有限公司采购部）${id}`;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let site: Awaited<ReturnType<typeof companySite>> | undefined;
  let trackingSnippet = '';
  let formSnippet = '';

  beforeAll(async () => {
    admin = await ApiClient.login();
    const form = await admin.post('/api/v1/web-forms', { name: `产品试用 ${id}`, fields: [{ field: 'name', required: true }, { field: 'email', required: true }] });
    formSnippet = form.data.embedSnippet;
    site = await companySite({ '/products/crm': '产品介绍 · 小微企业 CRM', '/pricing': '价格方案', '/trial': '免费试用' }, () => trackingSnippet, () => formSnippet);
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await site?.close();
    await browser?.close();
  });

  it('an admin adds the site with its origin and copies the snippet', async () => {
    await page.goto('/marketing/tracking');
    await expectText(page.getByTestId('tracking-sites'), '网站追踪');
    await page.getByTestId('tracking-site-new').click();
    await page.getByTestId('tracking-site-name').fill(`公司官网 ${id}`);
    const origins = page.getByTestId('tracking-site-origins').locator('input');
    await origins.fill(site!.url);
    await origins.press('Enter');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expectText(page.getByTestId('tracking-sites'), `公司官网 ${id}`);
    await page.screenshot({ path: 'e2e/screenshots/tracking-sites.png', fullPage: true }).catch(() => undefined);
    trackingSnippet = await page.getByTestId('tracking-snippet').last().innerText();
    expect(trackingSnippet).toMatch(/<script src="http:\/\/127\.0\.0\.1:\d+\/t\/[\w-]+\/crm\.js" async><\/script>/);
  });

  it('a visitor views two pages and submits the form; the lead’s timeline and interests show the visits', async () => {
    const visitorContext = await browser.newContext({ locale: 'zh-CN', userAgent: CHROME });
    const visitorPage = await visitorContext.newPage();
    visitorPage.setDefaultTimeout(15_000);
    const sent: string[] = [];
    visitorPage.on('request', (r) => {
      if (r.url().includes('/events')) sent.push(r.postData() ?? '');
    });
    await visitorPage.goto(`${site!.url}/products/crm`);
    await visitorPage.waitForFunction(() => (window as unknown as { crm?: { loaded?: boolean } }).crm?.loaded === true);
    await visitorPage.getByRole('link', { name: '价格方案' }).click();
    await visitorPage.waitForURL(/\/pricing$/);
    await visitorPage.getByRole('link', { name: '免费试用' }).click();
    const form = visitorPage.locator('form.crm-form');
    await form.waitFor();
    await form.locator('input[name="name"]').fill(visitor);
    await form.locator('input[name="email"]').fill(`murong-${id}@gusu.cn`);
    await form.locator('button[type="submit"]').click();
    await expectText(visitorPage.locator('body'), '感谢您的提交');
    expect(sent.join('\n')).toContain('/pricing');
    await visitorPage.screenshot({ path: 'e2e/screenshots/tracking-visitor.png', fullPage: true }).catch(() => undefined);

    const byName = `/api/v1/leads?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: visitor }))}`;
    let leadId = '';
    await eventually(async () => {
      leadId = (await admin.get(byName)).data[0]?.id;
      expect(leadId).toBeTruthy();
      const timeline = (await admin.get(`/api/v1/leads/${leadId}/timeline`)).data as { source?: string; title?: string }[];
      expect(timeline.filter((e) => e.source === 'website').map((e) => e.title)).toEqual(expect.arrayContaining(['浏览页面：价格方案', '浏览页面：产品介绍 · 小微企业 CRM']));
    }, 30_000);

    await page.goto(`/o/leads/${leadId}`);
    await expectText(page.getByTestId('timeline'), '浏览页面：价格方案');
    await expectText(page.getByTestId('tracking-interests'), '价格方案');
    await page.screenshot({ path: 'e2e/screenshots/tracking-lead.png', fullPage: true }).catch(() => undefined);
    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await loginInBrowser(phone);
    await phone.goto(`/o/leads/${leadId}`);
    await expectText(phone.getByTestId('tracking-interests'), '价格方案');
    await phone.screenshot({ path: 'e2e/screenshots/tracking-lead-phone.png', fullPage: true }).catch(() => undefined);
    await phone.goto('/marketing/tracking');
    await expectText(phone.getByTestId('tracking-sites'), `公司官网 ${id}`);
    await phone.screenshot({ path: 'e2e/screenshots/tracking-sites-phone.png', fullPage: true }).catch(() => undefined);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
