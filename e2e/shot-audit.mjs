import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3400';
const pw = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto('/login');
await page.getByTestId('login-email').fill('admin@example.com');
await page.getByTestId('login-password').fill(pw);
await page.getByTestId('login-submit').click();
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
const api = async (method, url, body) => {
  const r = await page.request.fetch(url, { method, data: body });
  if (r.status() >= 300) console.log(method, url, r.status(), (await r.text()).slice(0, 300));
  return r.status() === 204 ? null : r.json();
};
await api('POST', '/api/v1/meta/objects/customers/fields', { name: 'tier', label: { zh: '客户分层（按年采购额与合作年限综合评定）', en: 'Tier' }, type: 'select', options: [{ value: 'a', label: { zh: 'A级', en: 'A' } }, { value: 'b', label: { zh: 'B级', en: 'B' } }] });
await api('PATCH', '/api/v1/meta/objects/customers/fields/cf_tier', { required: true });
const rule = await api('POST', '/api/v1/automation/rules', { name: '新客户提醒负责人', object: 'customers', trigger: { kind: 'record_created' }, actions: [{ type: 'notify', recipients: 'owner', title: '新客户' }], enabled: true });
await api('PATCH', `/api/v1/automation/rules/${rule.data.id}`, { enabled: false });
await api('PUT', '/api/v1/duplicate-rules/customers/phone', { enabled: false, fuzzy: false, threshold: 0.6 });
await api('PUT', '/api/v1/admin/backup-settings', { enabled: true, cron: '30 2 * * *', folder: null, keep: 14 });
const key = await api('POST', '/api/auth/api-keys', { name: 'ERP 同步' });
for (const [lng, file] of [['zh-CN', 'audit-config-zh.png'], ['en', 'audit-config-en.png']]) {
  await page.evaluate((l) => localStorage.setItem('crm.locale', l), lng);
  await page.goto('/settings/audit');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/${file}`, fullPage: false });
}
await page.setViewportSize({ width: 390, height: 844 });
await page.evaluate(() => localStorage.setItem('crm.locale', 'zh-CN'));
await page.reload();
await page.waitForTimeout(2500);
await page.screenshot({ path: '/tmp/audit-config-phone.png' });
await browser.close();
