import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, BASE_URL, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { startMailReceiver } from '../mail-receiver';
import { eventually, expectText, runId } from './ui';

const SHOTS = process.env.E2E_SCREENSHOTS;

/**
 * 邮件营销: a marketer edits a template with its live preview, starts a send to a segment; the
 * real SMTP receiver gets it (the contact without consent does not), the tracked link redirects,
 * and the send report shows the click, which opens the recipient.
 */
describe('e-mail marketing', () => {
  let browser: Browser;
  let api: ApiClient;
  let receiver: Awaited<ReturnType<typeof startMailReceiver>>;
  beforeAll(async () => {
    api = await ApiClient.login();
    receiver = await startMailReceiver(api, 'news@crm.test');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('edits a template with live preview, sends it to a segment and reports the click', async () => {
    const id = runId();
    const customer = (await api.post('/api/v1/customers', { name: `上海青松国际贸易发展有限公司（浦东新区分公司）${id}` })).data;
    const yes = (await api.post('/api/v1/contacts', { name: `欧阳明远${id}`, email: `ouyang-${id}@client.test`, customer_id: customer.id, marketing_consent: 'opted_in' })).data;
    const no = (await api.post('/api/v1/contacts', { name: `司马未同意${id}`, email: `sima-${id}@client.test`, marketing_consent: 'unknown' })).data;
    const segment = (await api.post('/api/v1/segments', { name: `年终关怀名单 ${id}`, kind: 'static', object: 'contacts' })).data;
    await api.post(`/api/v1/segments/${segment.id}/members`, { ids: [yes.id, no.id] });
    const template = (await api.post('/api/v1/marketing_templates', { name: `年终关怀模板 ${id}`, subject_zh: '草稿主题', body_zh: '<p>草稿</p>' })).data;

    const page = await (await newContext(browser, { width: 1280, height: 900 })).newPage();
    page.setDefaultTimeout(15_000);
    await loginInBrowser(page);
    await page.goto(`${BASE_URL}/o/marketing_templates/${template.id}`);
    await page.getByTestId('template-subject').fill('{{contact.name | 客户}}，{{customer.name | 贵公司}}年终专享');
    await page.getByTestId('template-body').fill('<p>尊敬的 {{contact.name | 客户}}：</p><p><a href="https://www.example.com/offer">查看续约优惠</a></p>');
    // The preview follows the edit before it is saved, with fallbacks until a contact is chosen.
    await expectText(page.getByTestId('preview-subject'), '客户，贵公司年终专享');
    await page.getByTestId('template-save').click();
    await eventually(async () => expect((await api.get(`/api/v1/marketing_templates/${template.id}`)).data.subject_zh).toContain('年终专享'));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/email-template.png`, fullPage: true });

    const send = (await api.post('/api/v1/marketing_sends', { name: `年终关怀邮件 ${id}`, template_id: template.id, segment_id: segment.id, rate_per_minute: 600 })).data;
    await page.goto(`${BASE_URL}/o/marketing_sends/${send.id}`);
    await page.getByTestId('send-start').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await eventually(() => Promise.resolve(expect(receiver.mails.some((m) => m.to.includes(`ouyang-${id}@client.test`))).toBe(true)), 60_000);
    const mail = receiver.mails.find((m) => m.to.includes(`ouyang-${id}@client.test`))!;
    expect(mail.subject).toBe(`欧阳明远${id}，上海青松国际贸易发展有限公司（浦东新区分公司）${id}年终专享`);
    expect(receiver.mails.some((m) => m.to.includes(`sima-${id}@client.test`))).toBe(false);

    // The tracked link goes through the CRM, which counts the click and redirects to the offer only.
    const link = /\((http[^)\s]+\/m\/c\/[^)\s]+)\)/.exec(mail.text)![1];
    const click = await fetch(link, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://www.example.com/offer');
    expect((await fetch(link.replace(/u=[^&]+/, 'u=https%3A%2F%2Fevil.example.com%2F'), { redirect: 'manual' })).status).toBe(404);

    await page.reload();
    await expectText(page.getByTestId('figure-clicked'), '1', 20_000);
    await expectText(page.getByTestId('figure-skipped'), '1');
    await expectText(page.getByTestId('skip-reasons'), '未征得同意');
    await page.getByTestId('figure-clicked').click();
    await expectText(page.getByTestId('send-recipients'), `欧阳明远${id}`);
    expect(await page.getByTestId('send-recipients').innerText()).not.toContain(`司马未同意${id}`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/email-send-report.png`, fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expectText(page.getByTestId('figure-clicked'), '1');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/email-send-report-390.png`, fullPage: true });
    await page.goto(`${BASE_URL}/o/marketing_templates/${template.id}`);
    await expectText(page.getByTestId('preview-subject'), '年终专享');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/email-template-390.png`, fullPage: true });
  });
});
