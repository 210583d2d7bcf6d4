import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

/** A day of last month as YYYY-MM-DD: the deals closed then, before this month. */
function lastMonth(day: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day));
  return d.toISOString().slice(0, 10);
}

/**
 * An administrator imports an exported deals list through the wizard: its English stage words are
 * mapped value by value (one by hand), every deal gets the team rep as owner, and the wins show on
 * the sales dashboard in the month they closed. Then a whole CRM (a zip and a loose file) in one go.
 */
describe('import wizard', () => {
  let browser: Browser;
  let page: Page;
  const id = runId();
  const teamName = `导入看板团队 ${id}`;
  const repName = `导入销售${id}`;
  const repEmail = `import-rep-${id}@example.com`;
  // "Won - Signed" and "Too expensive" are no option, label or synonym: the user maps them (to 赢单 and 价格因素) in the values step; a lost deal needs its reason.
  const deals = [
    'Opportunity Name,Stage,Amount,Date Closed,Loss Reason',
    `Won A ${id},Closed Won,10000,${lastMonth(5)},`,
    `Won B ${id},closed won,20000,${lastMonth(12)},`,
    `Won C ${id},Won - Signed,40000,${lastMonth(20)},`,
    `Lost D ${id},closed lost,5000,${lastMonth(8)},Too expensive`,
    `Open E ${id},Prospecting,7000,,`,
    `Open F ${id},PROSPECTING,3000,,`,
  ].join('\n');

  beforeAll(async () => {
    const admin = await ApiClient.login();
    const roles = await admin.get('/api/v1/roles');
    const rep = roles.data.find((r: { key: string }) => r.key === 'sales_rep');
    const team = await admin.post('/api/v1/teams', { name: teamName });
    await admin.post('/api/v1/users', { email: repEmail, name: repName, password: 'rep-password-123', roleId: rep.id, teamId: team.data.id });
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('maps stage values, sets the owner for all rows and shows the wins on the dashboard in the month they closed', async () => {
    await page.goto('/o/deals/import');
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles({ name: 'opportunities.csv', mimeType: 'text/csv', buffer: Buffer.from(deals) });
    await page.getByTestId('import-mapping').waitFor();
    await expectText(page.getByTestId('import-encoding'), 'UTF-8');
    await page.getByTestId('import-mapping-next').click();

    // Values: each distinct stage with its count and where it goes.
    const stage = page.getByTestId('values-stage');
    await expectText(stage, 'Closed Won', 30_000);
    await expectText(stage, '同义词');
    await expectText(stage, '1 个值尚未对应');
    await page.screenshot({ path: '/tmp/wizard-values.png', fullPage: true });
    const signed = stage.locator('tr', { hasText: 'Won - Signed' });
    await pickOption(page, signed.locator('.ant-select'), '赢单');
    await expectText(signed, '手动指定');
    await eventually(async () => expect(await stage.innerText()).not.toContain('尚未对应'));
    await pickOption(page, page.getByTestId('values-lost_reason').locator('tr', { hasText: 'Too expensive' }).locator('.ant-select'), '价格因素');
    await page.getByTestId('import-values-next').click();

    // Constants: the file has no owner column; every deal goes to the team's rep.
    await page.getByTestId('import-constants').waitFor();
    await pickOption(page, page.getByTestId('constant-owner_id').locator('.ant-select'), `${repName} ${repEmail}`);
    await page.screenshot({ path: '/tmp/wizard-constants.png', fullPage: true });
    await page.getByTestId('import-constants-next').click();

    await page.getByTestId('import-validate').click();
    await expectText(page.getByTestId('import-validation'), '共 6 行：6 行可导入', 30_000);
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    await expectText(page.getByTestId('import-result'), '6');

    await page.goto('/sales/dashboard');
    await pickOption(page, page.getByTestId('sales-team-filter'), teamName);
    await page.getByTestId('sales-period').first().click();
    await page.locator('.ant-picker-presets li', { hasText: '上月' }).click();
    await expectText(page.getByTestId('sales-won-amount'), '70,000.00', 20_000);
    await expectText(page.getByTestId('sales-dashboard'), '赢单数');
    await page.screenshot({ path: '/tmp/wizard-dashboard.png', fullPage: true });
  });

  it('saves the mapping as a template and applies it to the next file', async () => {
    await page.goto('/o/deals/import');
    const next = [`Opportunity Name,Date Closed,Stage,Amount,Loss Reason`, `Won G ${id},${lastMonth(3)},Won - Signed,1000,`, `Lost H ${id},${lastMonth(4)},Closed Lost,500,Timing ${id}`].join('\n');
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles({ name: 'opportunities-2.csv', mimeType: 'text/csv', buffer: Buffer.from(next) });
    await page.getByTestId('import-mapping').waitFor();
    await page.getByTestId('import-mapping-next').click();
    await pickOption(page, page.getByTestId('values-stage').locator('tr', { hasText: 'Won - Signed' }).locator('.ant-select'), '赢单');
    // An administrator adds a lost reason the file brings as a new option.
    const timing = page.getByTestId('values-lost_reason').locator('tr', { hasText: `Timing ${id}` });
    await timing.getByRole('button', { name: '添加为新选项' }).click();
    await expectText(timing, '手动指定');
    await expectText(timing.locator('.ant-select'), `Timing ${id}`);
    await page.getByTestId('import-values-next').click();
    await page.getByTestId('import-constants-next').click();
    await page.getByTestId('template-save').click();
    await page.getByTestId('template-name').fill(`Salesforce ${id}`);
    await page.getByTestId('template-save-ok').click();
    await expectText(page.locator('.ant-message'), `已保存模板「Salesforce ${id}」`);

    await page.goto('/o/deals/import');
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles({ name: 'opportunities-3.csv', mimeType: 'text/csv', buffer: Buffer.from(next) });
    await page.getByTestId('import-mapping').waitFor();
    await pickOption(page, page.getByTestId('template-apply'), `Salesforce ${id}`);
    await expectText(page.locator('.ant-message'), '已应用模板');
    await page.getByTestId('import-mapping-next').click();
    await expectText(page.getByTestId('values-stage').locator('tr', { hasText: 'Won - Signed' }), '手动指定', 30_000);
  });

  it('imports customers, contacts and deals from a zip and a file in order, relations resolved, and after a reload undoes the batch', async () => {
    const customer = `整批客户${id}`;
    const zip = new JSZip();
    zip.file('export/联系人.csv', ['姓名,所属客户,邮箱', `整批联系人${id},${customer},batch-${id}@example.cn`].join('\n'));
    zip.file('export/客户.csv', ['客户名称,行业', `${customer},`].join('\n'));
    zip.file('__MACOSX/export/._客户.csv', 'x');
    const zipped = await zip.generateAsync({ type: 'nodebuffer' });
    const dealsCsv = ['商机名称,客户,阶段', `整批商机${id},${customer},赢单`].join('\n');

    await page.goto('/o/customers/import');
    await page.getByTestId('import-page').locator('input[type=file]').setInputFiles([
      { name: '商机.csv', mimeType: 'text/csv', buffer: Buffer.from(dealsCsv) },
      { name: 'crm-export.zip', mimeType: 'application/zip', buffer: zipped },
    ]);
    const files = page.getByTestId('batch-files');
    await files.waitFor();
    // Proposed objects, in the order customers → contacts → deals.
    await eventually(async () => {
      const rows = await files.locator('tbody tr.ant-table-row').allInnerTexts();
      expect(rows.map((r) => r.split('\t')[1]?.trim())).toEqual(['客户.csv', '联系人.csv', '商机.csv']);
    });
    await page.screenshot({ path: '/tmp/wizard-batch.png', fullPage: true });
    await page.getByTestId('batch-run').click();
    await page.getByTestId('batch-finished').waitFor({ timeout: 120_000 });
    await expectText(page.getByTestId('batch-finished'), '3 个文件已全部导入');
    await page.screenshot({ path: '/tmp/wizard-batch-done.png', fullPage: true });

    const api = await ApiClient.login();
    const [c] = (await api.get(`/api/v1/customers?q=${encodeURIComponent(customer)}`)).data;
    const [contact] = (await api.get(`/api/v1/contacts?q=${encodeURIComponent(`batch-${id}@example.cn`)}`)).data;
    const [deal] = (await api.get(`/api/v1/deals?q=${encodeURIComponent(`整批商机${id}`)}`)).data;
    expect(contact.customer_id).toBe(c.id);
    expect(deal).toMatchObject({ customer_id: c.id, stage: 'won' });

    // The batch lives on the server: the URL names it, and a reload shows it again with its results.
    expect(new URL(page.url()).searchParams.get('batch')).toBeTruthy();
    await page.reload();
    await expectText(page.getByTestId('batch-finished'), '3 个文件已全部导入', 30_000);
    await expectText(page.getByTestId('batch-history'), '客户.csv');
    await page.screenshot({ path: '/tmp/wizard-batch-reloaded.png', fullPage: true });
    await page.getByTestId('batch-undo').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '撤销导入' }).click();
    await page.getByTestId('batch-undone').waitFor({ timeout: 120_000 });
    for (const file of ['客户.csv', '联系人.csv', '商机.csv']) await expectText(page.getByTestId(`batch-result-${file}`), '已撤销');
    await page.screenshot({ path: '/tmp/wizard-batch-undone.png', fullPage: true });
    expect((await api.get(`/api/v1/contacts?q=${encodeURIComponent(`batch-${id}@example.cn`)}`)).data).toHaveLength(0);
    expect((await api.get(`/api/v1/customers?q=${encodeURIComponent(customer)}`)).data).toHaveLength(0);
    expect((await api.get(`/api/v1/deals?q=${encodeURIComponent(`整批商机${id}`)}`)).data).toHaveLength(0);
  });

  it('fits a phone screen at the values step', async () => {
    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await loginInBrowser(phone);
    await phone.goto('/o/deals/import');
    await phone.getByTestId('import-page').locator('input[type=file]').setInputFiles({ name: '商机导出.csv', mimeType: 'text/csv', buffer: Buffer.from(deals) });
    await phone.getByTestId('import-mapping').waitFor();
    await phone.screenshot({ path: '/tmp/wizard-phone-mapping.png', fullPage: true });
    await phone.getByTestId('import-mapping-next').click();
    await expectText(phone.getByTestId('values-stage'), 'Closed Won', 30_000);
    await phone.screenshot({ path: '/tmp/wizard-phone-values.png', fullPage: true });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.getByTestId('import-values-next').click();
    await phone.getByTestId('import-constants').waitFor();
    await phone.screenshot({ path: '/tmp/wizard-phone-constants.png', fullPage: true });
  });
});
