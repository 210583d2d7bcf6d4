import { describe, expect, it } from 'vitest';
import { settingsChangeLines } from '../src/modules/settings/settingsChangeText';
import { translator } from './fixtures';

describe('audit lines of a settings change', () => {
  const currency = { settings: { area: 'currency', changes: { currency: { from: 'CNY', to: 'USD' }, 'rates.USD': { from: 7.2, to: null } } } };

  it('names each value and shows blanks as a dash', async () => {
    expect(settingsChangeLines(currency, (await translator('zh-CN')).t)).toEqual(['本位币: CNY → USD', 'USD 汇率: 7.2 → —']);
    expect(settingsChangeLines(currency, (await translator('en')).t)).toEqual(['Company currency: CNY → USD', 'USD rate: 7.2 → —']);
  });

  it('lists values in the order of the settings form, whatever order they were stored in', async () => {
    const stored = { settings: { area: 'email', changes: { port: { from: 25, to: 465 }, password: { from: null, to: '••••••' }, host: { from: null, to: 'smtp.example.cn' }, 'rates.EUR': { from: null, to: 7.8 } } } };
    expect(settingsChangeLines(stored, (await translator('zh-CN')).t)).toEqual(['EUR 汇率: — → 7.8', 'SMTP 服务器: — → smtp.example.cn', '端口: 25 → 465', '密码: — → ••••••']);
  });

  it('says an uploaded logo in words and has no lines for other entries', async () => {
    const zh = (await translator('zh-CN')).t;
    expect(settingsChangeLines({ settings: { area: 'company', changes: { logo: { from: null, to: 'uploaded' } } } }, zh)).toEqual(['Logo: — → 已上传的图片']);
    expect(settingsChangeLines({ name: { from: 'A', to: 'B' } }, zh)).toEqual([]);
  });
});
