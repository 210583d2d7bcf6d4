import { describe, expect, it } from 'vitest';
import { recordPayloadSchema, type FieldDefinition } from '../src/index.js';

const base = { required: false, unique: false, searchable: false, indexed: false, system: false, custom: false, archived: false, position: 0 };
const fields: FieldDefinition[] = [
  { ...base, name: 'name', label: { zh: '名称', en: 'Name' }, type: 'text', required: true, maxLength: 10 },
  { ...base, name: 'email', label: { zh: '邮箱', en: 'Email' }, type: 'email' },
  { ...base, name: 'level', label: { zh: '级别', en: 'Level' }, type: 'select', options: [{ value: 'a', label: { zh: 'A', en: 'A' } }] },
  { ...base, name: 'amount', label: { zh: '金额', en: 'Amount' }, type: 'currency' },
  { ...base, name: 'born', label: { zh: '日期', en: 'Date' }, type: 'date' },
];

describe('record payload schema (shared by server and web forms)', () => {
  const create = recordPayloadSchema(fields, 'create');
  const update = recordPayloadSchema(fields, 'update');

  it('accepts a valid record and fills the currency default', () => {
    const parsed = create.parse({ name: '张伟', email: 'ZW@Example.com', amount: { amount: 10 } });
    expect(parsed).toMatchObject({ name: '张伟', email: 'zw@example.com', amount: { amount: 10, currency: 'CNY' } });
  });

  it('names the failing field', () => {
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(11) }, 'name'],
      [{ name: 'a', email: 'not-an-email' }, 'email'],
      [{ name: 'a', level: 'z' }, 'level'],
      [{ name: 'a', born: '2024-02-30' }, 'born'],
      [{ name: 'a', amount: { amount: 1, currency: 'yuan' } }, 'amount'],
    ];
    for (const [input, path] of cases) {
      const result = create.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      expect(result.error!.issues[0].path[0]).toBe(path);
    }
  });

  it('rejects unknown fields instead of dropping them', () => {
    const result = create.safeParse({ name: 'a', nmae: 'typo' });
    expect(result.success).toBe(false);
  });

  it('lets an update omit required fields but not blank them', () => {
    expect(update.safeParse({ email: 'a@b.cn' }).success).toBe(true);
    expect(update.safeParse({ name: '' }).success).toBe(false);
    expect(update.safeParse({ name: null }).success).toBe(false);
  });
});
