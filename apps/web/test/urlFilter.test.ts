import type { Filter } from '@crm/schema';
import { describe, expect, it } from 'vitest';
import { toFilter } from '../src/engine/list/filterModel';
import { listPath, readUrlFilter } from '../src/engine/list/urlFilter';
import { field, status } from './fixtures';

const owner = field('owner_id', 'user');
const created = field('created_at', 'datetime');
const fields = [status, owner, created];

/** Lists opened from a dashboard click-through: ?filter=<JSON>. */
describe('list filter from the URL', () => {
  it('puts a flat filter the builder can show into the builder, unchanged on the way back', () => {
    const filter: Filter = { and: [{ field: 'status', op: 'eq', value: 'won' }, { field: 'owner_id', op: 'eq', value: '6f1c2a52-0000-4000-8000-000000000001' }, { field: 'created_at', op: 'gte', value: '2026-10-31T16:00:00.000Z' }] };
    const read = readUrlFilter(new URL(`http://x${listPath('deals', filter)}`).searchParams.get('filter'), fields);
    expect(read.pinned).toBeUndefined();
    expect(toFilter(read.state, fields)).toEqual(filter);
  });

  it('keeps nested groups and operators the builder has no input for as a fixed filter', () => {
    const nested = { and: [{ field: 'created_at', op: 'lt', value: '2026-11-01T00:00:00Z' }, { or: [{ field: 'status', op: 'nin', value: ['won'] }, { field: 'created_at', op: 'gte', value: '2026-11-01T00:00:00Z' }] }] };
    expect(readUrlFilter(JSON.stringify(nested), fields)).toEqual({ state: { join: 'and', conditions: [] }, pinned: nested });
    const team = { field: 'owner_id', op: 'in', value: ['6f1c2a52-0000-4000-8000-000000000001'] };
    expect(readUrlFilter(JSON.stringify(team), fields).pinned).toEqual(team);
  });

  it('ignores a filter that is not valid JSON or not the filter grammar', () => {
    expect(readUrlFilter('{oops', fields)).toEqual({ state: { join: 'and', conditions: [] } });
    expect(readUrlFilter(JSON.stringify({ field: 'status', op: 'like', value: 'x' }), fields)).toEqual({ state: { join: 'and', conditions: [] } });
    expect(readUrlFilter(null, fields).pinned).toBeUndefined();
  });
});
