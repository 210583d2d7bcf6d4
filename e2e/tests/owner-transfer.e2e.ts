import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

/** A rep leaves: the administrator deactivates them and hands their records on from Settings › 用户. */
describe('owner transfer in Settings › users', () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  const id = runId();

  beforeAll(async () => {
    browser = await launchBrowser();
    api = await ApiClient.login();
    page = await (await newContext(browser, { width: 1280, height: 800 })).newPage();
    await loginInBrowser(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('offers the transfer on deactivation, shows counts per object, asks, moves the chosen objects and says so', async () => {
    const roles = await api.get('/api/v1/roles');
    const rep = roles.data.find((r: { key: string }) => r.key === 'sales_rep');
    const leaver = (await api.post('/api/v1/users', { email: `leaver-${id}@example.com`, name: `离职销售${id}`, password: 'rep-password-123', roleId: rep.id })).data;
    const heir = (await api.post('/api/v1/users', { email: `heir-${id}@example.com`, name: `接手销售${id}`, password: 'rep-password-123', roleId: rep.id })).data;
    const customers: string[] = [];
    for (const n of ['甲', '乙']) customers.push((await api.post('/api/v1/customers', { name: `交接客户${n} ${id}`, owner_id: leaver.id })).data.id);
    const lead = (await api.post('/api/v1/leads', { name: `交接线索 ${id}`, owner_id: leaver.id })).data.id;

    await page.goto('/settings');
    await page.getByTestId('settings-tab-users').click();
    const row = page.locator('tr', { hasText: `leaver-${id}@example.com` });
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    await page.getByRole('dialog').getByRole('switch').click();
    await page.getByRole('dialog').getByRole('button', { name: /保\s*存/ }).click();

    // Deactivating a user who still owns records opens the transfer with the counts.
    const dialog = page.getByTestId('owner-transfer-dialog');
    await expectText(dialog, `「离职销售${id}」已停用`);
    await expectText(dialog.getByTestId('transfer-object-customers'), '客户（2）');
    await expectText(dialog.getByTestId('transfer-object-leads'), '线索（1）');
    await expectText(dialog.getByTestId('owner-transfer-summary'), '共 3 条记录');
    await page.screenshot({ path: `/tmp/owner-transfer-1280-${id}.png` });

    // Only the customers: leads stay with the leaver.
    await dialog.getByTestId('transfer-object-leads').click();
    await expectText(dialog.getByTestId('owner-transfer-summary'), '共 2 条记录');
    await pickOption(page, dialog.getByTestId('owner-transfer-to').locator('.ant-select'), `接手销售${id} heir-${id}@example.com`);
    await dialog.getByTestId('owner-transfer-submit').click();
    const confirm = page.locator('.ant-modal-confirm');
    await expectText(confirm, '确认转移 2 条记录？');
    await confirm.getByRole('button', { name: /转\s*移/ }).click();
    await expectText(dialog.getByTestId('owner-transfer-result'), `已将 2 条记录转给「接手销售${id}」`);
    await page.screenshot({ path: `/tmp/owner-transfer-done-${id}.png` });

    for (const c of customers) expect((await api.get(`/api/v1/customers/${c}`)).data.owner_id).toBe(heir.id);
    expect((await api.get(`/api/v1/leads/${lead}`)).data.owner_id).toBe(leaver.id);
    await eventually(async () => expect((await api.get(`/api/v1/users`)).data.find((u: { id: string }) => u.id === leaver.id).active).toBe(false));
  });

  it('on a phone, the row’s 转移负责人 shows what is left', async () => {
    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await loginInBrowser(phone);
    await phone.goto('/settings');
    await phone.getByTestId('settings-tab-users').click();
    const leaver = (await api.get('/api/v1/users')).data.find((u: { email: string }) => u.email === `leaver-${id}@example.com`);
    await phone.getByTestId(`owner-transfer-${leaver.id}`).click();
    await expectText(phone.getByTestId('owner-transfer-dialog').getByTestId('transfer-object-leads'), '线索（1）');
    await phone.screenshot({ path: `/tmp/owner-transfer-390-${id}.png` });
  });
});
