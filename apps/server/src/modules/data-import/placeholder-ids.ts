import type { ImportLinkStats } from '@crm/schema';
import { normalizeHeader } from './propose-mapping.js';
import type { LinkResolution } from './resolve-links.js';
import type { ImportRow } from './import-store.js';

/** Headers that name another system's record id: Salesforce AccountId, "Account ID", 客户编号. */
const ID_HEADER = /(id|编号|编码|代码)$/;

/**
 * Whether a relation column carries the other system's ids rather than names: its header says so,
 * or validation (or this batch) found some of its cells by external id. The placeholders such a
 * column makes keep the cell as their external id, so importing the real records later (or the
 * same file again) finds them instead of adding a second copy.
 */
export function linksByExternalId(imp: ImportRow, link: LinkResolution): boolean {
  const header = imp.headers[imp.mapping[link.field]];
  if (header !== undefined && ID_HEADER.test(normalizeHeader(header))) return true;
  const stats = (imp.link_stats as ImportLinkStats[] | null)?.find((s) => s.field === link.field);
  if (stats?.matched.external_id) return true;
  return [...link.how.values()].includes('external_id');
}
