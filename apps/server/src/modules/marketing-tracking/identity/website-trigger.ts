import { z } from 'zod';
import type { AutomationRegistry } from '../../automation/registry.js';
import { WEBSITE_TOPICS, type WebsiteEventData } from './person-events.js';

const DAY_MS = 86_400_000;

export const websiteTriggerSchema = z
  .object({
    kind: z.string(),
    activity: z.enum(['page_view', 'download', 'outbound_click', 'custom']),
    /** Part of the page path or link (page views, downloads, outbound clicks), or the custom event's name. */
    match: z.string().trim().max(500).optional(),
    /** Fires when the person has done it this many times within `withinDays` (the time it gets there). */
    times: z.number().int().min(1).max(50).default(1),
    withinDays: z.number().int().min(1).max(90).default(7),
  })
  .strict();
export type WebsiteTrigger = z.infer<typeof websiteTriggerSchema>;

/** Whether a website event meets the trigger: the activity, the match, and the n-th time within the window. */
export function websiteTriggerMatches(t: WebsiteTrigger, data: WebsiteEventData): boolean {
  if (data.type !== t.activity) return false;
  if (t.match) {
    const subject = t.activity === 'custom' ? data.name : t.activity === 'page_view' ? data.path ?? data.url : data.target;
    if (t.activity === 'custom' ? subject !== t.match : !subject?.toLowerCase().includes(t.match.toLowerCase())) return false;
  }
  const at = Date.parse(data.at);
  const times = t.times ?? 1;
  const count = data.history.filter((h) => {
    const time = Date.parse(h);
    return time <= at && time > at - (t.withinDays ?? 7) * DAY_MS;
  }).length;
  // Exactly the n-th time, so a third view does not fire "twice" again; a single time fires always.
  return times === 1 ? count >= 1 : count === times;
}

/**
 * Trigger kind `website_activity` for rules on leads or contacts: "viewed a page whose path has
 * /pricing twice within 7 days", "downloaded a .pdf", "custom event downloaded_brochure". Events of
 * visitors not yet tied to a person are not sent to automation (there is no record to act on).
 */
export function registerWebsiteTrigger(registry: AutomationRegistry) {
  registry.registerTrigger<WebsiteTrigger>('website_activity', {
    schema: websiteTriggerSchema,
    topics: Object.values(WEBSITE_TOPICS),
    needsObject: true,
    matches: (t, event) => !!event.data && websiteTriggerMatches(t, event.data as WebsiteEventData),
    check: (_t, { meta }) => (meta && ['leads', 'contacts'].includes(meta.name) ? [] : [{ path: 'object', message: 'website activity rules are on leads or contacts' }]),
  });
}
