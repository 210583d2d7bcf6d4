import chineseDays from 'chinese-days';
import type { WorkingHours } from '../tables.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A support calendar: working hours per ISO weekday, China's holidays and 调休 days, admin overrides per date. */
export interface SupportCalendar {
  timezone: string;
  hours: WorkingHours;
  useChinaHolidays: boolean;
  /** YYYY-MM-DD → working or not, over everything else. */
  overrides: Map<string, boolean>;
}

/** 09:00–18:00 Monday to Friday. */
export const DEFAULT_HOURS: WorkingHours = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [String(d), [[540, 1080]]]));

function offsetMs(timezone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE : 0;
}

const localDay = (at: number, timezone: string) => new Date(at + offsetMs(timezone, new Date(at))).toISOString().slice(0, 10);
const isoWeekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** Working intervals of a local day in minutes from midnight: none on a holiday, the weekday's hours on a 调休 working day. */
export function workingIntervals(cal: SupportCalendar, day: string): Array<[number, number]> {
  const weekday = String(isoWeekday(day));
  const working = cal.overrides.get(day) ?? (cal.useChinaHolidays ? chineseDays.isWorkday(day) : !!cal.hours[weekday]?.length);
  if (!working) return [];
  // A 调休 Saturday or an override day without hours of its own works a normal weekday's hours.
  return cal.hours[weekday]?.length ? cal.hours[weekday] : (Object.entries(cal.hours).find(([d, h]) => Number(d) <= 5 && h.length)?.[1] ?? []);
}

/** Walks the working intervals from `from`, day by day (at most ~10 years), calling visit(start, end) in ms. */
function walk(cal: SupportCalendar, from: number, visit: (start: number, end: number) => boolean) {
  let cursor = from;
  for (let i = 0; i < 3700; i++) {
    const day = localDay(cursor, cal.timezone);
    const midnight = Date.parse(`${day}T00:00:00Z`) - offsetMs(cal.timezone, new Date(cursor));
    for (const [s, e] of workingIntervals(cal, day)) {
      const start = Math.max(cursor, midnight + s * MINUTE);
      const end = midnight + e * MINUTE;
      if (end > start && visit(start, end)) return;
    }
    cursor = midnight + DAY;
  }
}

/** The moment `minutes` business minutes after `start`. */
export function addBusinessMinutes(cal: SupportCalendar, start: Date, minutes: number): Date {
  let remaining = minutes * MINUTE;
  let result = start.getTime();
  if (remaining <= 0) return start;
  walk(cal, start.getTime(), (s, e) => {
    if (e - s >= remaining) {
      result = s + remaining;
      return true;
    }
    remaining -= e - s;
    return false;
  });
  return new Date(result);
}

/** Business minutes between two moments (0 when b is not after a). */
export function businessMinutesBetween(cal: SupportCalendar, a: Date, b: Date): number {
  let total = 0;
  const end = b.getTime();
  if (end <= a.getTime()) return 0;
  walk(cal, a.getTime(), (s, e) => {
    if (s >= end) return true;
    total += Math.min(e, end) - s;
    return e >= end;
  });
  return Math.round(total / MINUTE);
}
