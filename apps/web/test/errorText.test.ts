import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorText } from '../src/api/client';
import { appTexts } from '../src/i18n/texts';

beforeAll(async () => {
  await i18next.init({ resources: { 'zh-CN': { translation: appTexts('zh-CN') }, en: { translation: appTexts('en') } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
});

describe('API error messages', () => {
  it('say a keyed error in the user’s language with its values, and keep an unkeyed one as sent', async () => {
    const keyed = { code: 'conflict' as const, message: 'this quote already has an order', details: [], key: 'quote_has_order', params: { orderNo: 'HT-2026-0001' } };
    expect(errorText(keyed)).toBe('该报价单已生成订单 HT-2026-0001，一个报价单只能生成一个订单');
    await i18next.changeLanguage('en');
    expect(errorText(keyed)).toBe('This quote already has an order (HT-2026-0001); a quote becomes one order only');
    expect(errorText({ ...keyed, key: 'no_such_key' })).toBe('this quote already has an order');
    expect(errorText({ code: 'bad_request', message: 'plain', details: [] })).toBe('plain');
  });
});
