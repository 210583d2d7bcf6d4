import type { FieldDefinition } from '@crm/schema';
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

/** A field value as text for a one-line subtitle: option labels, amounts with their currency. */
function displayValue(field: FieldDefinition | undefined, value: unknown, locale: string): string {
  if (!field || value === null || value === undefined || value === '') return '';
  const lang = locale.startsWith('zh') ? 'zh' : 'en';
  switch (field.type) {
    case 'select':
      return field.options?.find((o) => o.value === value)?.label[lang] ?? String(value);
    case 'currency': {
      const { amount, currency } = value as { amount: number; currency: string };
      return `${currency} ${amount.toLocaleString(locale, { maximumFractionDigits: 2 })}`;
    }
    case 'datetime':
      return String(value).slice(0, 16).replace('T', ' ');
    default:
      return Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? '' : String(value);
  }
}

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
        subtitle: meta.subtitleFields
          .map((name) => displayValue(meta.fields.find((f) => f.name === name), record[name], ctx.locale))
          .filter(Boolean)
          .join(' · '),
      });
    }
  }
  return hits;
}
