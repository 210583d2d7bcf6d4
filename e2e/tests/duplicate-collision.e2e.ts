import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, runId, uniqueChineseName } from './ui';

/**
 * 撞单: a rep typing a customer another team owns sees "已存在，负责人：X" in the form; once an
 * administrator switches 禁止撞单 on for the rule in Settings › 查重规则, the save is stopped.
 * The phone rule is used (a number unique to this run), so other specs' customers are unaffected.
 */
describe('duplicate customers owned by another team (撞单)', () => {
  let browser: Browser;
  let admin: ApiClient;
  let repPage: Page;
  const id = runId();
  const password = 'rep-password-123';
  const owner = { email: `owner-${id}@example.com`, name: `南区代表${id}` };
  const rep = { email: `typer-${id}@example.com`, name: `北区代表${id}` };
  const phone = `0571-86${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const { name: newName } = uniqueChineseName(`${id}撞单`);

  beforeAll(async () => {
    admin = await ApiClient.login();
    const roles = await admin.get('/api/v1/roles');
    const repRole = roles.data.find((r: { key: string }) => r.key === 'sales_rep');
    const south = await admin.post('/api/v1/teams', { name: `华南销售部 ${id}` });
    const north = await admin.post('/api/v1/teams', { name: `华北销售部 ${id}` });
    await admin.post('/api/v1/users', { ...owner, password, roleId: repRole.id, teamId: south.data.id });
    await admin.post('/api/v1/users', { ...rep, password, roleId: repRole.id, teamId: north.data.id });
    await (await ApiClient.login(owner.email, password)).post('/api/v1/customers', { name: `${id}南方客户有限公司`, phone });
    browser = await launchBrowser();
    repPage = await (await newContext(browser)).newPage();
    await loginInBrowser(repPage, rep.email, password);
  });
  afterAll(async () => {
    await admin?.request('PUT', '/api/v1/duplicate-rules/customers/phone', { enabled: true, fuzzy: false, threshold: 0.6, block: false }).catch(() => undefined);
    await browser?.close();
  });

  const typeCustomer = async () => {
    await repPage.goto('/o/customers');
    await repPage.getByTestId('record-new').click();
    await repPage.locator('#name').fill(newName);
    await repPage.locator('#phone').fill(phone);
  };

  it("warns with the owner's name only, and still lets the rep save after asking", async () => {
    await typeCustomer();
    const warning = repPage.getByTestId('duplicate-warning');
    await expectText(warning.getByTestId('duplicate-elsewhere'), `已存在，负责人：${owner.name}`);
    expect(await warning.innerText()).not.toContain('南方客户');
    expect(await warning.getByTestId('duplicate-match-link').count()).toBe(0);
    await repPage.getByTestId('form-save').click();
    await expectText(repPage.getByTestId('duplicate-confirm'), `已存在，负责人：${owner.name}`);
    await repPage.locator('.ant-modal-confirm .ant-btn').filter({ hasText: '返回修改' }).click();
    await repPage.keyboard.press('Escape');
  });

  it('after the administrator switches 禁止撞单 on, the form says so and does not save', async () => {
    const adminPage = await (await newContext(browser)).newPage();
    await loginInBrowser(adminPage);
    await adminPage.goto('/settings/duplicates');
    const toggle = adminPage.getByTestId('rule-block-customers-phone');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await eventually(async () => {
      const rules = (await admin.get('/api/v1/duplicate-rules')).data.find((o: { object: string }) => o.object === 'customers').rules;
      expect(rules.find((r: { key: string }) => r.key === 'phone').block).toBe(true);
    });
    await adminPage.context().close();

    await typeCustomer();
    await expectText(repPage.getByTestId('duplicate-warning'), '不能保存');
    await repPage.getByTestId('form-save').click();
    await expectText(repPage.getByTestId('duplicate-blocked'), `已存在，负责人：${owner.name}`);
    await repPage.screenshot({ path: '/tmp/e2e-duplicate-blocked.png' });
    const list = await admin.get(`/api/v1/customers?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: newName }))}`);
    expect(list.data).toEqual([]);
  });
});
