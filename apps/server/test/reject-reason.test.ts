import { describe, expect, it } from 'vitest';
import type { ObjectMetadata } from '@crm/schema';
import { cellReason, detailsReason } from '../src/modules/data-import/reject-reason.js';
import { contacts } from '../src/modules/sales/objects.js';

/** Import reasons in the importing user's language, fields by label (no database needed). */
const meta = contacts as unknown as ObjectMetadata;

describe('import reject reasons', () => {
  it('names the field by its label and says the problem in Chinese or English', () => {
    expect(cellReason(meta, 'birthday', { key: 'not_date', text: '明天' }, 'zh-CN')).toBe('生日：“明天”不是日期');
    expect(cellReason(meta, 'birthday', { key: 'not_date', text: 'tomorrow' }, 'en')).toBe("Birthday: 'tomorrow' is not a date");
    const details = [{ path: 'email', message: 'must be an email address' }, { path: 'name', message: 'is required' }];
    expect(detailsReason(meta, details, 'zh-CN')).toBe('邮箱：不是有效的邮箱地址；姓名：必填');
    expect(detailsReason(meta, details, 'en')).toBe('Email: is not an email address; Name: is required');
    // A message without a translation is kept as the schema wrote it.
    expect(detailsReason(meta, [{ path: 'name', message: 'something new' }], 'zh-CN')).toBe('姓名：something new');
  });
});
