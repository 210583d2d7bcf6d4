import { describe, expect, it } from 'vitest';
import { isCommonPassword } from '../src/common-passwords.js';
import { passwordProblem } from '../src/passwords.js';

const check = (password: string, email?: string) => passwordProblem(password, { email, isCommon: isCommonPassword });

describe('the password rule (server and web forms)', () => {
  it('refuses blanks, short ones, the own e-mail and common passwords', () => {
    expect(check('        ')).toBe('blank');
    expect(check(' \t\n ')).toBe('blank');
    expect(check('short')).toBe('too_short');
    expect(check('x'.repeat(201))).toBe('too_long');
    expect(check('password')).toBe('common');
    expect(check('12345678')).toBe('common');
    expect(check('Iloveyou')).toBe('common');
    expect(check('zhang.wei@example.com', 'Zhang.Wei@example.com')).toBe('is_email');
    expect(check('zhang.wei.sales', 'zhang.wei.sales@example.com')).toBe('is_email');
  });

  it('accepts a long, uncommon password, Chinese characters counted as characters', () => {
    expect(check('Qingsong-CRM-2026', 'zhang.wei@example.com')).toBeNull();
    expect(check('青松客户管理系统好用')).toBeNull();
    expect(check('青松客户管理')).toBe('too_short');
  });
});
