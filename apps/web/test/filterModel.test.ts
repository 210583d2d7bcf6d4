import { describe, expect, it } from 'vitest';
import { fromFilter, operatorsFor, toFilter } from '../src/engine/list/filterModel';
import { amount, field, region, status } from './fixtures';

const tags = field('tags', 'tags');
const closeDate = field('expected_close_date', 'date');
const fields = [status, amount, region, tags, closeDate, field('name', 'text')];

describe('filter builder → API filter JSON', () => {
  it('offers the operators the server accepts for each field type', () => {
    expect(operatorsFor(field('name', 'text'))).toContain('starts_with');
    expect(operatorsFor(status)).toEqual(['eq', 'ne', 'in', 'nin', 'empty', 'not_empty']);
    expect(operatorsFor(amount)).toContain('between');
    expect(operatorsFor(region)).toEqual(['contains', 'empty', 'not_empty']);
    expect(operatorsFor(field('owner_id', 'user'))).not.toContain('contains');
  });

  it('sends one condition bare and several under and/or', () => {
    const one = toFilter({ join: 'and', conditions: [{ field: 'status', op: 'eq', value: 'active' }] }, fields);
    expect(one).toEqual({ field: 'status', op: 'eq', value: 'active' });
    const two = toFilter({ join: 'or', conditions: [{ field: 'status', op: 'in', value: ['active', 'prospect'] }, { field: 'name', op: 'empty' }] }, fields);
    expect(two).toEqual({ or: [{ field: 'status', op: 'in', value: ['active', 'prospect'] }, { field: 'name', op: 'empty' }] });
  });

  it('compares currency by amount, including both ends of between', () => {
    expect(toFilter({ join: 'and', conditions: [{ field: 'amount', op: 'gte', value: { amount: 1000, currency: 'CNY' } }] }, fields)).toEqual({ field: 'amount', op: 'gte', value: 1000 });
    expect(toFilter({ join: 'and', conditions: [{ field: 'amount', op: 'between', value: [{ amount: 1, currency: 'CNY' }, { amount: 9, currency: 'CNY' }] }] }, fields)).toEqual({ field: 'amount', op: 'between', value: [1, 9] });
  });

  it('sends a single tag for tags "contains" and date ranges as given', () => {
    expect(toFilter({ join: 'and', conditions: [{ field: 'tags', op: 'contains', value: ['VIP'] }] }, fields)).toEqual({ field: 'tags', op: 'contains', value: 'VIP' });
    expect(toFilter({ join: 'and', conditions: [{ field: 'expected_close_date', op: 'between', value: ['2026-01-01', '2026-03-31'] }] }, fields)).toEqual({ field: 'expected_close_date', op: 'between', value: ['2026-01-01', '2026-03-31'] });
  });

  it('ignores rows still being filled in', () => {
    const state = { join: 'and' as const, conditions: [{ field: 'status', op: 'eq' as const }, { field: 'amount', op: 'between' as const, value: [{ amount: 1, currency: 'CNY' }, null] }, { field: 'tags', op: 'in' as const, value: [] }] };
    expect(toFilter(state, fields)).toBeUndefined();
  });

  it('reads a saved view back into editable rows (currency as amount objects)', () => {
    const saved = { and: [{ field: 'amount', op: 'gt' as const, value: 500 }, { field: 'status', op: 'ne' as const, value: 'prospect' }] };
    const state = fromFilter(saved, fields);
    expect(state.join).toBe('and');
    expect(state.conditions[0]).toEqual({ field: 'amount', op: 'gt', value: { amount: 500, currency: 'CNY' } });
    expect(toFilter(state, fields)).toEqual(saved);
  });
});
