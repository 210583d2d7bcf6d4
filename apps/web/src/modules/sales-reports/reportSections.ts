import type { ComponentType } from 'react';

/** How a module shows its part of a weekly report (figures.sections[key]); unknown sections are not shown. */
const SECTIONS = new Map<string, ComponentType<{ value: unknown }>>();

export function registerReportSection(key: string, Section: ComponentType<{ value: unknown }>) {
  SECTIONS.set(key, Section);
}

export const reportSection = (key: string) => SECTIONS.get(key);
