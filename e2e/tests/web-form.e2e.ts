import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';
import { beijingLeadTeam, siteWithSnippet } from './lead-intake';

/**
 * Web-to-lead end to end: an admin designs a form in Settings, a visitor submits it through the embed
 * snippet on a page of another site (another port), the lead lands assigned by the territory rule with
 * its reason; then a rep claims a customer from the public pool.
 */
describe('web form → assigned lead → public pool', () => {
  const id = runId();
  const password = 'rep-password-1';
  const repA = { email: `bj-a-${id}@example.com`, name: `北京甲${id}` };
  const repB = { email: `bj-b-${id}@example.com`, name: `北京乙${id}` };
  const formName = `官网试用申请 ${id}`;
  const visitor = `访客${id}`;
  const poolCustomer = `公海客户 ${id}`;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let site: Awaited<ReturnType<typeof siteWithSnippet>> | undefined;
  let siteUrl = '';
  let snippet = '';
  let leadTeam: Awaited<ReturnType<typeof beijingLeadTeam>> | undefined;

  beforeAll(async () => {
    admin = await ApiClient.login();
    leadTeam = await beijingLeadTeam(admin, `北京团队 ${id}`, [repA, repB], password);
    await admin.post('/api/v1/customers', { name: poolCustomer, owner_id: null });
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await leadTeam?.undo();
    await site?.close();
    await browser?.close();
  });

  it('an admin designs a lead form and gets its link and embed snippet', async () => {
    await page.goto('/settings/webForms');
    await page.getByTestId('web-form-new').click();
    await page.getByTestId('web-form-name').fill(formName);
    await pickOption(page, page.getByTestId('web-form-add-field'), '地区');
    await pickOption(page, page.getByTestId('web-form-add-field'), '邮箱');
    await page.getByTestId('web-form-required-region').check();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const publish = page.locator('[data-testid^="web-form-publish-"]').filter({ hasText: '/embed.js' }).first();
    await expectText(page.getByTestId('web-forms'), formName);
    await expectText(page.getByTestId('web-form-snippet').first(), 'data-crm-form');
    snippet = await page.getByTestId('web-form-snippet').first().innerText();
    expect(await publish.count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'e2e/screenshots/web-form-settings.png', fullPage: true }).catch(() => undefined);
  });

  it('a visitor submits it on another website; the lead lands with the Beijing team’s rep in turn, saying why', async () => {
    site = await siteWithSnippet('客户官网', '某某软件 · 免费试用', snippet);
    siteUrl = site.url;
    const visitorPage = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    visitorPage.setDefaultTimeout(15_000);
    await visitorPage.goto(`${siteUrl}/trial?utm_source=e2e&utm_campaign=launch-${id}`);
    const form = visitorPage.locator('form.crm-form');
    await form.waitFor();
    await form.locator('input[name="name"]').fill(visitor);
    await form.locator('input[name="mobile"]').fill(`139${String(Date.now()).slice(-8)}`);
    // Required region left empty: the browser's own check stops the submit; the server would name it too.
    await form.locator('input[name="region"]').fill('北京');
    await form.locator('input[name="email"]').fill(`visitor-${id}@example.cn`);
    await visitorPage.screenshot({ path: 'e2e/screenshots/web-form-embed.png', fullPage: true }).catch(() => undefined);
    await form.locator('button[type="submit"]').click();
    await expectText(visitorPage.locator('body'), '感谢您的提交');

    const byName = `/api/v1/leads?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: visitor }))}`;
    await eventually(async () => expect((await admin.get(byName)).data[0]?.owner_id).toBeTruthy(), 20_000);
    const lead = (await admin.get(byName)).data[0];
    expect(lead).toMatchObject({ source: 'website', utm_source: 'e2e', utm_campaign: `launch-${id}`, web_form: formName });
    expect(lead.landing_page).toContain(`${siteUrl}/trial`);
    const users = (await admin.get('/api/v1/users')).data as { id: string; name: string }[];
    const owner = users.find((u) => u.id === lead.owner_id)!;
    expect([repA.name, repB.name]).toContain(owner.name);
    expect(lead.assignment_reason).toBe(`地区 北京市 → 北京团队 ${id} → 轮流分配: ${owner.name}`);

    await page.goto(`/o/leads/${lead.id}`);
    await expectText(page.getByTestId('record-detail'), `轮流分配: ${owner.name}`);
    await page.screenshot({ path: 'e2e/screenshots/web-form-lead.png', fullPage: true }).catch(() => undefined);
  });

  it('a rep claims a customer from the public pool', async () => {
    const repPage = await (await newContext(browser)).newPage();
    repPage.setDefaultTimeout(15_000);
    await loginInBrowser(repPage, repA.email, password);
    await repPage.getByTestId('nav-pool').click();
    await repPage.getByTestId('pool-search').locator('input').fill(poolCustomer);
    await repPage.getByTestId('pool-search').locator('input').press('Enter');
    const row = repPage.getByTestId('pool-table-customers').locator('tr').filter({ hasText: poolCustomer });
    await row.waitFor();
    await repPage.screenshot({ path: 'e2e/screenshots/pool.png', fullPage: true }).catch(() => undefined);
    await row.locator('[data-testid^="pool-claim-"]').click();
    await eventually(async () => expect(await row.count()).toBe(0), 15_000).finally(() => repPage.screenshot({ path: 'e2e/screenshots/pool-claimed.png', fullPage: true }).catch(() => undefined));
    await expectText(repPage.locator('.ant-message'), `领取成功：${poolCustomer}`);
    await expectText(repPage.getByTestId('pool-usage'), '我的客户：1');
    const mine = await (await ApiClient.login(repA.email, password)).get(`/api/v1/customers?q=${encodeURIComponent(poolCustomer)}`);
    expect(mine.data.map((c: { name: string }) => c.name)).toContain(poolCustomer);
  });
});
