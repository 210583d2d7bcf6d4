import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailReceiver } from '../mail-receiver';
import { ApiClient, BASE_URL, launchBrowser, loginInBrowser, newContext } from '../helpers';
import { eventually, expectText, pickOption, runId } from './ui';

const SHOTS = '/tmp/surveys';

/** A support manager builds an NPS survey, mails it to one customer's contacts, a contact answers on a phone, the results show it. */
describe('surveys', () => {
  let browser: Browser;
  let receiver: Awaited<ReturnType<typeof startMailReceiver>> | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('creates, sends, answers on the public page at 390 px and shows the result', async () => {
    const admin = await ApiClient.login();
    receiver = await startMailReceiver(admin, 'support@crm.test');
    const id = runId();
    const customerName = `问卷测试客户（华南区长期合作伙伴）${id}`;
    const customer = (await admin.post<{ data: { id: string } }>('/api/v1/customers', { name: customerName })).data;
    const email = `survey-${id}@kehu.test`;
    await admin.post('/api/v1/contacts', { name: `问卷联系人${id}`, email, customer_id: customer.id });

    const page = await (await newContext(browser, { width: 1280, height: 900 })).newPage();
    await loginInBrowser(page);
    await page.goto('/');
    await page.getByTestId('nav-surveys').click();
    await page.waitForURL('**/service/surveys');
    await page.getByTestId('survey-new').click();
    const title = `售后服务回访 ${id}`;
    await page.getByTestId('survey-title-zh').fill(title);
    await page.getByTestId('survey-title-en').fill(`After-sales follow-up ${id}`);
    await page.getByTestId('survey-question-zh-0').fill('您有多大可能向朋友推荐我们？');
    await page.getByTestId('survey-question-en-0').fill('How likely are you to recommend us?');
    await page.getByTestId('survey-add-question').click();
    await page.getByTestId('survey-question-zh-1').fill('其他建议');
    await page.getByTestId('survey-question-en-1').fill('Anything else?');
    await pickOption(page, page.getByTestId('survey-question-type-1'), '文本');
    await pickOption(page, page.getByTestId('survey-status'), '进行中');
    await page.getByTestId('survey-save').click();
    await page.waitForURL('**/service/surveys');
    const row = page.locator('tr', { hasText: title });
    await row.getByRole('button', { name: /发\s*送/ }).click();
    await page.getByTestId('survey-send-customer').click();
    await pickOption(page, page.getByTestId('survey-send-customer-pick'), customerName);
    await page.getByTestId('survey-send-ok').click();
    await expectText(page.locator('.ant-message'), '已排队发送 1 封邮件');

    let link = '';
    await eventually(async () => {
      const mail = receiver!.mails.find((m) => m.to.includes(email));
      expect(mail).toBeDefined();
      link = new RegExp(`${BASE_URL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/survey/\\S+&lang=zh)`).exec(mail!.text)![1];
    }, 30_000);

    const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await phone.goto(link);
    await expectText(phone.getByTestId('survey-title'), title);
    // Submitting without the required NPS answer is refused by the browser; the page names it server-side too.
    await phone.getByTestId('survey-q-q1').locator('label', { hasText: /^9$/ }).click();
    await phone.locator('textarea').fill('工程师上门很及时，希望配件能备得更全一些。');
    await phone.screenshot({ path: `${SHOTS}/survey-page-390.png`, fullPage: true });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByTestId('survey-submit').click();
    await expectText(phone.getByTestId('survey-notice'), '感谢您的反馈');
    // Re-opening the link shows the answer to edit.
    await phone.goto(link);
    await expectText(phone.getByTestId('survey-notice'), '您已回答过本问卷');

    await page.locator('tr', { hasText: title }).getByTestId('survey-title-link').click();
    await expectText(page.getByTestId('survey-nps'), '100');
    await expectText(page.getByTestId('survey-nps'), '推荐者 1');
    await expectText(page.getByTestId('survey-results'), `问卷联系人${id}`);
    await page.getByTestId('survey-trend').locator('svg').waitFor();
    await page.screenshot({ path: `${SHOTS}/survey-results.png`, fullPage: true });
  });
});
