import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

/** Export a filtered customer list as Excel and read the file back; import contacts from a phone's .vcf. */
describe('export and vCard', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  const id = runId();
  const shots = new URL('../screenshots/', import.meta.url).pathname;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchBrowser();
    api = await ApiClient.login();
    await api.post('/api/v1/customers/bulk', {
      action: 'create',
      rows: [
        { name: `导出甲 ${id}`, status: 'vip', employees: 120 },
        { name: `导出乙 ${id}`, status: 'active', employees: 8 },
        { name: `别的客户 ${runId()}`, status: 'vip' },
      ],
    });
    page = await (await newContext(browser)).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('exports the filtered list as XLSX with the rows shown, labels and numbers', async () => {
    await page.goto('/o/customers');
    await page.getByTestId('list-total').waitFor();
    await page.getByTestId('filter-button').click();
    await page.getByTestId('filter-builder').waitFor();
    await page.getByTestId('filter-add').click();
    await pickOption(page, page.getByTestId('filter-field').last(), '客户名称');
    await page.getByTestId('filter-value').last().locator('input').fill(id);
    await page.getByTestId('filter-apply').click();
    await expectText(page.getByTestId('list-total'), '共 2 条');

    await page.getByTestId('export-menu').click();
    await page.screenshot({ path: `${shots}export-menu.png` });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^客户-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows[0] as string[];
    expect(header).toContain('客户名称');
    expect(header).toContain('客户状态');
    const col = (label: string) => header.indexOf(label);
    const body = rows.slice(1).map((r) => [r[col('客户名称')], r[col('客户状态')]]).sort();
    expect(body).toEqual([[`导出乙 ${id}`, '成交客户'], [`导出甲 ${id}`, '重要客户']]);

    // The export is in the audit log, with what it contained.
    await page.goto('/settings/audit');
    await pickOption(page, page.getByTestId('audit-filter-action'), '导出');
    await expectText(page.getByTestId('audit-export').first(), 'XLSX，2 行');
    await expectText(page.getByTestId('audit-export').first(), id);
  });

  it('imports contacts from a .vcf file on the contacts list', async () => {
    const surname = '欧阳';
    const given = `测${id}`;
    const vcf = [
      'BEGIN:VCARD', 'VERSION:3.0', `N:${surname};${given};;;`, `FN:${surname}${given}`, `ORG:名片公司 ${id}`,
      'TEL;TYPE=CELL:13811112222', `EMAIL;TYPE=INTERNET:oy${id}@example.com`, 'END:VCARD', '',
    ].join('\r\n');
    await page.goto('/o/contacts');
    await page.getByTestId('list-total').waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: 'phone.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf) });
    await expectText(page.locator('.ant-message'), '已导入 1 个联系人');
    await page.getByTestId('list-search').locator('input').fill(`${surname}${given}`);
    await eventually(async () => {
      expect(await page.getByTestId('record-title-link').allInnerTexts()).toEqual([`${surname}${given}`]);
    });
    await page.screenshot({ path: `${shots}contacts-vcard.png` });
    const { data } = await api.get(`/api/v1/contacts?filter=${encodeURIComponent(JSON.stringify({ field: 'email', op: 'eq', value: `oy${id}@example.com` }))}`);
    expect(data).toMatchObject([{ name: `${surname}${given}`, mobile: '13811112222', company: `名片公司 ${id}` }]);
  });

  it('backs up from Settings and lists the archive', async () => {
    await page.goto('/settings/backups');
    await page.getByTestId('backup-now').click();
    await eventually(async () => expect(await page.getByTestId('backup-file').count()).toBeGreaterThan(0), 30_000);
    await page.screenshot({ path: `${shots}settings-backups.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/o/contacts');
    await page.getByTestId('export-menu').click();
    await page.screenshot({ path: `${shots}contacts-phone.png` });
  });
});
