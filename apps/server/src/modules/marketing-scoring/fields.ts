import { SCORED_OBJECTS, type ScoredObject } from '@crm/schema';
import { field } from '../define.js';

export { SCORED_OBJECTS, type ScoredObject };
export const isScored = (object: string | null | undefined): object is ScoredObject => SCORED_OBJECTS.includes(object as ScoredObject);

/**
 * Fields this module keeps on leads and contacts (system: computed, never typed in). Ordinary
 * engine fields, so lists sort and filter on the score and segments and automation use it.
 */
export const SCORE_FIELDS = [
  field('score', '线索评分', 'Lead score', 'integer', { system: true, indexed: true }),
  field('score_reasons', '评分依据', 'Score reasons', 'long_text', { system: true, maxLength: 4000 }),
];
export const SCORE_FIELD_NAMES = new Set(SCORE_FIELDS.map((f) => f.name));
