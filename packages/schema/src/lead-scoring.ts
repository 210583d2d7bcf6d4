import { z } from 'zod';
import { FILTER_OPERATORS } from './filters.js';

/** Objects that carry a lead score. */
export const SCORED_OBJECTS = ['leads', 'contacts'] as const;
export type ScoredObject = (typeof SCORED_OBJECTS)[number];

/** What a behaviour rule counts: website events, marketing e-mail engagement, web-form submissions. */
export const SCORING_ACTIVITIES = ['page_view', 'download', 'outbound_click', 'custom', 'email_open', 'email_click', 'form_submit'] as const;
export type ScoringActivity = (typeof SCORING_ACTIVITIES)[number];

/** A scoring rule as an editor sends it (adding or changing one). */
export const scoringRuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    kind: z.enum(['behaviour', 'fit']),
    /** Leads or contacts; a behaviour rule without one scores both. */
    object: z.enum(SCORED_OBJECTS).nullable().default(null),
    activity: z.enum(SCORING_ACTIVITIES).nullable().default(null),
    /** Part of the page path, link or form name (case-insensitive), or the custom event's exact name; empty = any. */
    match: z.string().trim().max(500).nullable().default(null).transform((m) => m || null),
    /** A fit rule's field condition, as in list filters. */
    condition: z.object({ field: z.string().min(1).max(60), op: z.enum(FILTER_OPERATORS), value: z.unknown().optional() }).strict().nullable().default(null),
    points: z.number().int().min(-1000).max(1000),
    /** Points of a behaviour halve every this many days; empty = no decay. */
    halfLifeDays: z.number().int().min(1).max(3650).nullable().default(null),
    /** Most points the rule gives one record (behaviour). */
    maxPoints: z.number().int().min(1).max(10000).nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict();
export type ScoringRuleInput = z.output<typeof scoringRuleInputSchema>;

/** One rule's part in a record's score (whole points; the score is their sum). */
export interface ScoreReason {
  ruleId: string;
  name: string;
  kind: 'behaviour' | 'fit';
  points: number;
  /** How many activities counted (behaviour). */
  count?: number;
}
