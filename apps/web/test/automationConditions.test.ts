import { describe, expect, it } from 'vitest';
import { toFilter, toGroup } from '../src/modules/automation/fieldPaths';

describe('automation condition groups', () => {
  it('turns the editor model into the filter grammar and back', () => {
    const filter = { and: [{ field: 'customer_id.region', op: 'eq' as const, value: '北京市' }, { or: [{ field: 'cf_channel', op: 'eq' as const, value: '代理' }, { field: 'amount', op: 'gte' as const, value: 1000 }] }] };
    const group = toGroup(filter);
    expect(group.join).toBe('and');
    expect(group.items).toHaveLength(2);
    expect(toFilter(group)).toEqual(filter);
  });

  it('no conditions is null; a single condition becomes an and-group', () => {
    expect(toFilter({ join: 'or', items: [] })).toBeNull();
    expect(toGroup(null)).toEqual({ join: 'and', items: [] });
    expect(toFilter(toGroup({ field: 'stage', op: 'eq', value: 'won' }))).toEqual({ and: [{ field: 'stage', op: 'eq', value: 'won' }] });
  });
});
