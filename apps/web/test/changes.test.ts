import { describe, expect, it } from 'vitest';
import { changeRows, changeText } from '../src/engine/detail/changes';
import { customers, field, translator } from './fixtures';

describe('timeline and audit log change text', () => {
  it('describes an update with field and option labels', async () => {
    const zh = await translator('zh-CN');
    const rows = changeRows(customers, 'update', { status: { from: 'prospect', to: 'active' } });
    expect(rows.map((r) => changeText(r, 'update', zh))).toEqual(['客户状态: 潜在客户 → 成交客户']);
    const en = await translator('en');
    expect(changeText(rows[0], 'update', en)).toBe('Status: Prospect → Customer');
  });

  it('shows blanks as a dash and money as yuan', async () => {
    const zh = await translator('zh-CN');
    const [row] = changeRows(customers, 'update', { amount: { from: null, to: { amount: 5000, currency: 'CNY' } } });
    expect(changeText(row, 'update', zh)).toBe('金额: — → ¥5,000.00');
  });

  it('lists fields in form order and leaves out bookkeeping, archived and purged fields', () => {
    const meta = { ...customers, fields: [...customers.fields, field('old_code', 'text', { archived: true })] };
    const rows = changeRows(meta, 'update', {
      status: { from: 'prospect', to: 'active' },
      name: { from: 'A', to: 'B' },
      deleted_at: { from: null, to: '2026-01-01' },
      gone_field: { from: 1, to: 2 },
      old_code: { from: 'a', to: 'b' },
    });
    expect(rows.map((r) => r.field.name)).toEqual(['name', 'status']);
  });

  it('shows the values a create set, and nothing for delete/restore', async () => {
    const zh = await translator('zh-CN');
    const rows = changeRows(customers, 'create', { name: { from: null, to: '青松科技' }, status: { from: null, to: null }, tags: { from: null, to: [] } });
    expect(rows.map((r) => changeText(r, 'create', zh))).toEqual(['客户名称: 青松科技']);
    expect(changeRows(customers, 'delete', { deleted_at: { from: null, to: 'x' } })).toEqual([]);
  });
});
