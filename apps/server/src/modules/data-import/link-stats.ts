import type { ImportLinkStats, ObjectMetadata } from '@crm/schema';
import type { Mapping } from './propose-mapping.js';
import type { RowContext } from './prepare-row.js';
import type { Cell } from './read-rows.js';
import { isBlankCell } from './read-rows.js';
import { linkKey, type LinkResolution } from './resolve-links.js';

const LISTED = 20;

/**
 * Counts, over the validation pass, how each relation and user (owner) column's cells found their
 * records: by id, external id, name, e-mail or the user's value mapping; in the file itself; or not
 * at all. The wizard shows it before the run ("AccountId: 120 by external id, 3 not found").
 */
export class LinkStats {
  private readonly stats = new Map<string, ImportLinkStats>();

  constructor(meta: ObjectMetadata, mapping: Mapping) {
    for (const f of meta.fields) {
      if (f.name in mapping && (f.type === 'relation' || f.type === 'user')) this.stats.set(f.name, { field: f.name, matched: {}, inFile: 0, ambiguous: 0, unresolved: 0, unresolvedValues: [] });
    }
  }

  private unresolved(s: ImportLinkStats, text: string) {
    s.unresolved++;
    if (s.unresolvedValues.length < LISTED && !s.unresolvedValues.includes(text)) s.unresolvedValues.push(text);
  }

  /** One batch: relation cells from the batch's resolution, user cells from the user directory. */
  add(rows: { cells: Cell[]; links?: Record<string, string> }[], links: LinkResolution[], inFile: (link: LinkResolution, key: string) => boolean, rc: RowContext) {
    for (const link of links) {
      const s = this.stats.get(link.field);
      if (!s) continue;
      for (const row of rows) {
        const text = row.links?.[link.field];
        if (!text) continue;
        const key = linkKey(text);
        // A value the user mapped arrives here as the record id it was mapped to: it counts as 'id'.
        const how = link.how.get(key);
        if (how) s.matched[how] = (s.matched[how] ?? 0) + 1;
        else if (link.ambiguous.has(key)) s.ambiguous++;
        else if (inFile(link, key)) s.inFile++;
        else this.unresolved(s, text);
      }
    }
    for (const s of this.stats.values()) {
      const field = rc.meta.fields.find((f) => f.name === s.field)!;
      if (field.type !== 'user') continue;
      for (const row of rows) {
        const cell = row.cells[rc.mapping[s.field]];
        if (isBlankCell(cell)) continue;
        const text = String(cell).trim();
        const how = rc.users.how.get(text.toLowerCase());
        if (rc.valueMaps?.get(s.field)?.get(text) !== undefined) s.matched.mapped = (s.matched.mapped ?? 0) + 1;
        else if (how) s.matched[how] = (s.matched[how] ?? 0) + 1;
        else if (rc.users.ambiguous.has(text.toLowerCase())) s.ambiguous++;
        else this.unresolved(s, text);
      }
    }
  }

  toJSON(): ImportLinkStats[] {
    return [...this.stats.values()];
  }
}
