import type { ReportPeriod } from '@crm/schema';
import type { AccessContext } from '../../../engine/permissions/access.js';
import type { Viewer } from '../scoped-query.js';

/**
 * Other modules add their part of the weekly report here (service figures, ...), so this module
 * imports none of them. A section is stored with the report under its key; on read, `readable`
 * decides per reader whether they see it at all.
 */
export interface WeeklyReportSection {
  key: string;
  /** The section's figures in the viewer's scope, or null to leave it out. */
  compute(viewer: Viewer, week: ReportPeriod, ownerIds: string[]): Promise<unknown>;
  readable(ctx: AccessContext): boolean;
}

const SECTIONS = new Map<string, WeeklyReportSection>();

export function registerWeeklyReportSection(section: WeeklyReportSection) {
  SECTIONS.set(section.key, section);
}

export async function computeSections(viewer: Viewer, week: ReportPeriod, ownerIds: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const section of SECTIONS.values()) {
    const value = await section.compute(viewer, week, ownerIds);
    if (value !== null && value !== undefined) out[section.key] = value;
  }
  return out;
}

/** Sections this reader may see; an unknown (unregistered) section is dropped. */
export function readableSections(sections: Record<string, unknown> | undefined, ctx: AccessContext): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sections ?? {}).filter(([key]) => SECTIONS.get(key)?.readable(ctx)));
}
