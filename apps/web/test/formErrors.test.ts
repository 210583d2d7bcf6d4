import type { FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { applyServerErrors, translateIssue } from '../src/engine/formErrors';
import { translator } from './fixtures';

/** Just the parts of an antd form that applyServerErrors touches. */
function fakeForm(values: Record<string, unknown>) {
  const set: Array<{ name: string | (string | number)[]; errors: string[] }> = [];
  const form = { getFieldsValue: () => values, setFields: (f: typeof set) => set.push(...f), getFieldInstance: () => undefined } as unknown as FormInstance;
  return { form, set };
}

function toasts() {
  const shown: string[] = [];
  return { shown, message: { error: (text: string) => shown.push(text) } };
}

describe('server error details → form fields', () => {
  it('puts each detail on its field, translated, and asks to check the fields', async () => {
    const { t } = await translator('zh-CN');
    const { form, set } = fakeForm({ name: '', email: 'x', amount: null });
    const { shown, message } = toasts();
    const error = new ApiError(400, 'validation_failed', 'invalid', [
      { path: 'email', message: 'must be an email address' },
      { path: 'amount.amount', message: 'expected number to be >=0' },
    ]);
    expect(applyServerErrors(form, error, message, t)).toBe(true);
    expect(set).toEqual([
      { name: 'email', errors: ['请输入有效的邮箱地址'] },
      { name: 'amount', errors: [t('validation.min', { n: '0' })] },
    ]);
    expect(shown).toEqual([t('error.checkFields')]);
  });

  it('puts a detail inside a list the form edits on that item’s field', async () => {
    const { t } = await translator('en');
    const { form, set } = fakeForm({ currency: 'CNY', rates: [{ currency: 'USD', rate: 7 }, { currency: 'CNY', rate: 1 }] });
    const error = new ApiError(400, 'bad_request', 'invalid', [{ path: 'rates.1.currency', message: 'is the company currency itself' }]);
    expect(applyServerErrors(form, error, toasts().message, t)).toBe(true);
    expect(set).toEqual([{ name: ['rates', 1, 'currency'], errors: ['is the company currency itself'] }]);
  });

  it('falls back to a toast when no detail names a field on the form', async () => {
    const { t } = await translator('en');
    const { form, set } = fakeForm({ name: '' });
    const { shown, message } = toasts();
    const error = new ApiError(409, 'conflict', 'value already exists', [{ path: 'tax_id', message: 'already exists' }]);
    expect(applyServerErrors(form, error, message, t)).toBe(false);
    expect(set).toEqual([]);
    expect(shown).toEqual(['This value already exists']);
  });

  it('shows network and other non-API errors as they are', async () => {
    const { t } = await translator('en');
    const { shown, message } = toasts();
    expect(applyServerErrors(fakeForm({}).form, new Error('Failed to fetch'), message, t)).toBe(false);
    expect(shown).toEqual(['Failed to fetch']);
  });

  it('translates the common schema messages and keeps unknown ones', async () => {
    const { t } = await translator('en');
    expect(translateIssue('at most 100 characters', t)).toBe('At most 100 characters');
    expect(translateIssue('something odd', t)).toBe('something odd');
  });
});
