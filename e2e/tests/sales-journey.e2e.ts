import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { drag, eventually, expectText, fillNumber, pickOption, runId, uniqueChineseName, pdfFirstPageText } from './ui';
import { beijingLeadTeam, siteWithSnippet } from './lead-intake';

/**
 * First contact to cash, as the people involved do it: a visitor submits the embedded web form on
 * another website → the lead lands with the Beijing team's next rep in turn → that rep converts it →
 * moves the deal across the kanban → builds a quote, downloads the PDF (the Chinese customer name is
 * in its text) → marks it accepted → creates the order and records a payment → the deal is won → the
 * dashboard's won amount and the customer's revenue show it.
 */
describe('sales journey: web form → lead → deal → quote → payment → dashboard', () => {
  const id = runId();
  const password = 'rep-password-1';
  const reps = [
    { email: `journey-a-${id}@example.com`, name: `北京甲${id}` },
    { email: `journey-b-${id}@example.com`, name: `北京乙${id}` },
  ];
  const teamName = `北京销售部 ${id}`;
  const { name: company } = uniqueChineseName('云帆科技有限公司');
  const visitors = [`王磊${id}`, `李娜${id}`];
  const productName = `CRM 年度订阅 ${id}`;
  let admin: ApiClient;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof siteWithSnippet>> | undefined;
  let siteUrl = '';
  let snippet = '';
  let leadTeam: Awaited<ReturnType<typeof beijingLeadTeam>> | undefined;
  let repPage: Page;
  let rep: (typeof reps)[number];
  let leadId = '';
  let customerId = '';
  let dealId = '';
  let quoteId = '';

  beforeAll(async () => {
    admin = await ApiClient.login();
    leadTeam = await beijingLeadTeam(admin, teamName, reps, password);
    const form = await admin.post('/api/v1/web-forms', {
      name: `官网咨询 ${id}`,
      fields: [{ field: 'name', required: true }, { field: 'company' }, { field: 'mobile' }, { field: 'region', required: true }],
    });
    snippet = form.data.embedSnippet;
    await admin.post('/api/v1/products', { name: productName, sku: `SUB-${id}`, unit: '套', list_price: { amount: 30000, currency: 'CNY' } });
    site = await siteWithSnippet('云帆官网', '预约演示', snippet);
    siteUrl = site.url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await leadTeam?.undo();
    await site?.close();
    await browser?.close();
  });

  const leadNamed = async (name: string) =>
    (await admin.get(`/api/v1/leads?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: name }))}`)).data[0];

  it('two visitors submit the embedded form; their leads go to the Beijing reps in turn, each saying why', async () => {
    for (const [i, visitor] of visitors.entries()) {
      const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
      await page.goto(`${siteUrl}/demo?utm_source=baidu&utm_campaign=journey-${id}`);
      const form = page.locator('form.crm-form');
      await form.waitFor();
      await form.locator('input[name="name"]').fill(visitor);
      await form.locator('input[name="company"]').fill(i === 0 ? company : `${company}分公司`);
      await form.locator('input[name="mobile"]').fill(`1381000${id.length}${String(Date.now() + i).slice(-3)}`);
      await form.locator('input[name="region"]').fill('北京');
      await form.locator('button[type="submit"]').click();
      await expectText(page.locator('body'), '感谢您的提交');
      await page.context().close();
      await eventually(async () => expect((await leadNamed(visitor))?.owner_id).toBeTruthy(), 20_000);
    }
    const users = (await admin.get('/api/v1/users')).data as { id: string; name: string; email: string }[];
    const leads = await Promise.all(visitors.map(leadNamed));
    const owners = leads.map((l) => users.find((u) => u.id === l.owner_id)!);
    // Round-robin: the two leads went to the team's two reps, one each.
    expect(owners.map((o) => o.name).sort()).toEqual(reps.map((r) => r.name).sort());
    expect(leads[0]).toMatchObject({ source: 'website', utm_source: 'baidu', region: { province: '北京市', city: '北京市', code: '1101' } });
    expect(leads[0].assignment_reason).toBe(`地区 北京市 → ${teamName} → 轮流分配: ${owners[0].name}`);
    leadId = leads[0].id;
    rep = reps.find((r) => r.email === owners[0].email)!;
  });

  it('the rep converts the lead into a customer, contact and deal', async () => {
    repPage = await (await newContext(browser)).newPage();
    repPage.setDefaultTimeout(15_000);
    await loginInBrowser(repPage, rep.email, password);
    await repPage.goto(`/o/leads/${leadId}`);
    await expectText(repPage.getByTestId('record-detail'), `轮流分配: ${rep.name}`);
    await repPage.getByTestId('lead-convert').click();
    const dialog = repPage.getByRole('dialog');
    await repPage.getByTestId('convert-deal-name').fill(`${company} CRM 采购`);
    await repPage.getByTestId('convert-deal-amount').fill('60000');
    await dialog.getByRole('button', { name: /^转\s?化$/ }).click();
    await repPage.waitForURL('**/o/customers/**');
    await expectText(repPage.getByTestId('record-title'), company);
    const lead = (await admin.get(`/api/v1/leads/${leadId}`)).data;
    expect(lead.status).toBe('converted');
    customerId = lead.converted_customer_id;
    dealId = lead.converted_deal_id;
    expect(customerId && dealId).toBeTruthy();
  });

  it('the rep moves the deal across the kanban', async () => {
    await repPage.goto('/deals/board');
    await repPage.getByTestId(`deal-card-${dealId}`).waitFor();
    await drag(repPage, `deal-card-${dealId}`, 'board-column-proposal');
    await expectText(repPage.getByTestId('board-column-proposal'), `${company} CRM 采购`);
    await eventually(async () => expect((await admin.get(`/api/v1/deals/${dealId}`)).data.stage).toBe('proposal'));
  });

  it('the rep builds a quote and downloads its PDF with the Chinese customer name', async () => {
    const repApi = await ApiClient.login(rep.email, password);
    quoteId = (await repApi.post('/api/v1/quotes', { name: `${company} 报价`, customer_id: customerId, deal_id: dealId })).data.id;
    await repPage.goto(`/o/quotes/${quoteId}`);
    await repPage.getByTestId('line-items').waitFor();
    await pickOption(repPage, repPage.getByTestId('line-new').locator('.ant-select'), productName);
    await fillNumber(repPage, 'new-quantity', '2');
    await repPage.getByTestId('line-add').click();
    // 2 × 30,000 with the default 13% tax.
    await expectText(repPage.getByTestId('total-grandTotal'), '67,800.00');

    const res = await repPage.request.get(`/api/v1/quotes/${quoteId}/pdf`);
    expect(res.status()).toBe(200);
    const text = await pdfFirstPageText(await res.body());
    expect(text).toContain(company);
    expect(text).toContain('67,800.00');
  });

  it('the customer accepts: order, a payment, and the deal is won', async () => {
    await repPage.getByTestId('quote-send').click();
    await repPage.getByTestId('quote-accept').click();
    await repPage.getByTestId('quote-create-order').click();
    await fillNumber(repPage, 'order-instalments', '2');
    await repPage.getByTestId('order-submit').click();
    await repPage.waitForURL(/\/o\/orders\/[0-9a-f-]{36}$/);
    await repPage.getByTestId('order-pay').click();
    await fillNumber(repPage, 'payment-amount', '33900');
    await repPage.getByTestId('payment-submit').click();
    await expectText(repPage.getByTestId('total-received'), '33,900.00');
    await expectText(repPage.getByTestId('total-outstanding'), '33,900.00');

    await repPage.goto('/deals/board');
    await repPage.getByTestId(`deal-card-${dealId}`).waitFor();
    await drag(repPage, `deal-card-${dealId}`, 'board-column-won');
    await eventually(async () => expect((await admin.get(`/api/v1/deals/${dealId}`)).data.stage).toBe('won'));
  });

  it('the dashboard shows the won amount and the customer page the revenue', async () => {
    await repPage.goto(`/o/customers/${customerId}`);
    await expectText(repPage.getByTestId('value-revenue'), '33,900.00');
    await expectText(repPage.getByTestId('value-outstanding'), '33,900.00');

    const page = await (await newContext(browser)).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
    await page.goto('/sales/dashboard');
    await pickOption(page, page.getByTestId('sales-team-filter'), teamName);
    await expectText(page.getByTestId('sales-won-amount'), '60,000.00');
    await page.screenshot({ path: '/tmp/e2e-journey-dashboard.png', fullPage: true });
  });
});
