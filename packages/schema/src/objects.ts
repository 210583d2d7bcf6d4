import { z } from 'zod';
import { fieldDefinitionSchema, labelSchema } from './fields.js';

export const objectDefinitionSchema = z.object({
  /** API name, plural, as in the glossary: customers, contacts … Also the table name. */
  name: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/),
  label: labelSchema,
  pluralLabel: labelSchema,
  /** Field shown as the record's title in lists, links and search results. */
  titleField: z.string(),
  /** Extra fields shown under the title in search results and cards. */
  subtitleFields: z.array(z.string()).default([]),
  /** Whether records appear in global search. */
  searchable: z.boolean().default(false),
  icon: z.string().optional(),
  /** Records of this object appear on the timeline of the records they relate to, at this time field. */
  timeline: z.object({ timeField: z.string(), titleField: z.string() }).optional(),
  /** Default sort for lists, e.g. "-updated_at". */
  defaultSort: z.string().default('-created_at'),
  fields: z.array(fieldDefinitionSchema),
});
export type ObjectDefinition = z.infer<typeof objectDefinitionSchema>;
export type ObjectDefinitionInput = z.input<typeof objectDefinitionSchema>;

export interface RelatedList {
  /** Object holding the relation field, e.g. contacts. */
  object: string;
  /** Relation field on that object pointing here, e.g. customer_id. */
  field: string;
  name: string;
  label: { zh: string; en: string };
}

/** Metadata as the API returns it: an object, its live fields and reverse lists. */
export interface ObjectMetadata extends ObjectDefinition {
  relatedLists: RelatedList[];
}
