import type { RecordService } from '../records/record-service.js';
import { scopeFor, type AccessContext } from '../permissions/access.js';
import { searchQuery } from './terms.js';

export interface SearchHit {
  object: string;
  id: string;
  title: string;
  subtitle: string;
}

const PER_OBJECT = 10;

/**
 * Searches every searchable object the user may read. Each object is queried through the record
 * service, so the same scope conditions as lists apply.
 */
export async function globalSearch(records: RecordService, q: string, ctx: AccessContext, objects?: string[]): Promise<SearchHit[]> {
  if (!searchQuery(q)) return [];
  const hits: SearchHit[] = [];
  for (const meta of records.metadata.list()) {
    if (!meta.searchable || scopeFor(ctx, meta.name, 'read') === 'none') continue;
    if (objects && !objects.includes(meta.name)) continue;
    const result = await records.list(meta.name, { q, limit: PER_OBJECT, sort: '-updated_at' }, ctx);
    for (const record of result.data) {
      hits.push({
        object: meta.name,
        id: String(record.id),
        title: String(record[meta.titleField] ?? ''),
        subtitle: meta.subtitleFields.map((f) => record[f]).filter((v) => v !== null && v !== undefined && v !== '').map(String).join(' · '),
      });
    }
  }
  return hits;
}
