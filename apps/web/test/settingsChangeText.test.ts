import { describe, expect, it } from 'vitest';
import { settingsChangeLines, settingsSubject } from '../src/modules/settings/settingsChangeText';
import { translator } from './fixtures';

const lines = async (changes: unknown, lng: 'zh-CN' | 'en' = 'zh-CN') => {
  const { t, label } = await translator(lng);
  return settingsChangeLines(changes, t, label);
};

describe('audit lines of a settings change', () => {
  const currency = { settings: { area: 'currency', changes: { currency: { from: 'CNY', to: 'USD' }, 'rates.USD': { from: 7.2, to: null } } } };

  it('names each value and shows blanks as a dash', async () => {
    expect(await lines(currency)).toEqual(['本位币: CNY → USD', 'USD 汇率: 7.2 → —']);
    expect(await lines(currency, 'en')).toEqual(['Company currency: CNY → USD', 'USD rate: 7.2 → —']);
  });

  it('lists values in the order of the settings form, whatever order they were stored in', async () => {
    const stored = { settings: { area: 'email', changes: { port: { from: 25, to: 465 }, password: { from: null, to: '••••••' }, host: { from: null, to: 'smtp.example.cn' }, 'rates.EUR': { from: null, to: 7.8 } } } };
    expect(await lines(stored)).toEqual(['EUR 汇率: — → 7.8', 'SMTP 服务器: — → smtp.example.cn', '端口: 25 → 465', '密码: — → ••••••']);
  });

  it('says an uploaded logo in words and has no lines for other entries', async () => {
    expect(await lines({ settings: { area: 'company', changes: { logo: { from: null, to: 'uploaded' } } } })).toEqual(['Logo: — → 已上传的图片']);
    expect(await lines({ name: { from: 'A', to: 'B' } })).toEqual([]);
  });

  it('reads a user’s role in the viewer’s language, yes/no for switches, and names each area’s fields', async () => {
    const user = { settings: { area: 'users', subject: '张伟', changes: { active: { from: true, to: false }, role: { from: { zh: '销售代表', en: 'Sales rep' }, to: { zh: '销售经理', en: 'Sales manager' } } } } };
    expect(await lines(user)).toEqual(['角色: 销售代表 → 销售经理', '启用: 是 → 否']);
    expect(await lines(user, 'en')).toEqual(['Role: Sales rep → Sales manager', 'Active: yes → no']);
    expect(await lines({ settings: { area: 'users', subject: '张伟', changes: { locale: { from: 'zh-CN', to: 'en' } } } })).toEqual(['语言: 简体中文 → English']);
    const role = { settings: { area: 'roles', subject: '区域经理', changes: { nameZh: { from: '经理', to: '区域经理' }, permissions: { from: null, to: 'changed' } } } };
    expect(await lines(role)).toEqual(['中文名称: 经理 → 区域经理', '对象与字段权限: 已修改']);
  });

  it('names what admins configure: field types, triggers, actions and objects by their names, a purge in words', async () => {
    const objects = { object: (name: string) => ({ customers: '客户' })[name] ?? name, option: (_o: string, _f: string, value: string) => ({ website: '官网' })[value] ?? value };
    const { t, label } = await translator('zh-CN');
    const field = { settings: { area: 'fields', subject: { zh: '客户 · 客户分层', en: 'Customer · Tier' }, changes: { data: { from: null, to: 'purged' }, type: { from: 'select', to: null }, label: { from: { zh: '客户分层', en: 'Tier' }, to: null } } } };
    expect(settingsChangeLines(field, t, label, objects)).toEqual(['字段名称: 客户分层 → —', '类型: 单选 → —', '字段及数据: — → 已永久删除（含数据）']);
    expect(settingsSubject(field, label)).toBe('客户 · 客户分层');
    const rule = { settings: { area: 'automation', subject: '新客户提醒', changes: { enabled: { from: null, to: true }, actions: { from: null, to: 'notify, assign_owner' }, trigger: { from: null, to: 'record_created' }, object: { from: null, to: 'customers' }, conditions: { from: null, to: 'changed' } } } };
    expect(settingsChangeLines(rule, t, label, objects)).toEqual(['对象: — → 客户', '触发方式: — → 新建记录时', '条件: 已修改', '动作: — → 站内通知、分配负责人', '启用: — → 是']);
    expect(settingsChangeLines({ settings: { area: 'webForms', subject: '官网咨询', changes: { source: { from: null, to: 'website' } } } }, t, label, objects)).toEqual(['线索来源: — → 官网']);
    const en = await translator('en');
    expect(settingsSubject(field, en.label)).toBe('Customer · Tier');
    expect(settingsChangeLines({ settings: { area: 'poolCaps', subject: { zh: '销售代表', en: 'Sales rep' }, changes: { customers: { from: null, to: 50 } } } }, en.t, en.label)).toEqual(['Customer claim limit: — → 50']);
  });
});
