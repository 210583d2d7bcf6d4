process.env.TZ = 'Asia/Shanghai';
import i18next from 'i18next';
import { afterAll, describe, expect, it } from 'vitest';
import { displayText } from '../src/engine/fields/displayText';
import { formatDateTime, formatMoney, formatRegion } from '../src/engine/fields/format';
import { amount, field, region, status, translator } from './fixtures';

describe('value display', () => {
  it('formats money in yuan with thousands separators, compact in 万 for charts', () => {
    expect(formatMoney(1234567.5)).toBe('¥1,234,567.50');
    expect(formatMoney(31450000, 'CNY', true)).toBe('¥3145万');
    expect(formatMoney(99, 'USD')).toBe('$99.00');
  });

  it('uses English number words (M, K) and still ¥ when the app is in English', async () => {
    await i18next.init({ lng: 'en', showSupportNotice: false });
    expect(formatMoney(31450000, 'CNY', true)).toBe('¥31.5M');
    expect(formatMoney(1234.5)).toBe('¥1,234.50');
    await i18next.changeLanguage('zh-CN');
  });
  afterAll(() => i18next.changeLanguage('zh-CN'));

  it('shows regions once per level, municipalities without repeating themselves', () => {
    expect(formatRegion({ province: '广东省', city: '深圳市', district: '南山区' })).toBe('广东省 / 深圳市 / 南山区');
    expect(formatRegion({ province: '北京市', city: '北京市', district: '朝阳区' })).toBe('北京市 / 朝阳区');
    expect(formatRegion(null)).toBe('');
  });

  it('shows datetimes in local time to the minute', () => {
    expect(formatDateTime('2026-03-01T02:05:00Z')).toBe('2026-03-01 10:05');
  });

  it('shows option labels in the current language and unknown options as their value', async () => {
    const zh = await translator('zh-CN');
    const en = await translator('en');
    expect(displayText(status, 'active', zh)).toBe('成交客户');
    expect(displayText(status, 'active', en)).toBe('Customer');
    expect(displayText(status, 'removed_option', zh)).toBe('removed_option');
    expect(displayText(field('ms', 'multi_select', { options: status.options }), ['prospect', 'active'], en)).toBe('Prospect, Customer');
  });

  it('renders every other kind as its field would', async () => {
    const zh = await translator('zh-CN');
    expect(displayText(amount, { amount: 88000, currency: 'CNY' }, zh)).toBe('¥88,000.00');
    expect(displayText(region, { province: '上海市', city: '上海市' }, zh)).toBe('上海市');
    expect(displayText(field('vip', 'boolean'), false, zh)).toBe('否');
    expect(displayText(field('p', 'percent'), 75, zh)).toBe('75%');
    expect(displayText(field('d', 'date'), '2026-05-01', zh)).toBe('2026-05-01');
    expect(displayText(field('owner_id', 'user'), 'u1', { ...zh, userName: (id) => (id === 'u1' ? '张伟' : undefined) })).toBe('张伟');
    expect(displayText(field('tags', 'tags'), [], zh)).toBe('—');
    expect(displayText(amount, null, zh)).toBe('—');
  });
});
