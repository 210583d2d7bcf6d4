import type { ReportPeriod } from '@crm/schema';
/**
 * Calendar arithmetic in the install's time zone (CRM_TIME_ZONE). Dates are 'YYYY-MM-DD' strings in
 * that zone; instants are ISO strings. A week runs Monday 00:00 to the next Monday 00:00 local time.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The local calendar date of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(at: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

/** The instant of local midnight starting a date (twice corrected, so DST edges land right). */
export function startOfDay(date: string, timeZone: string): string {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  let t = utcMidnight - offsetMinutes(utcMidnight, timeZone) * 60_000;
  t = utcMidnight - offsetMinutes(t, timeZone) * 60_000;
  return new Date(t).toISOString();
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addMonths(date: string, months: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;

/** The Monday of the week a date falls in. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

export function period(from: string, to: string, timeZone: string): ReportPeriod {
  return { from, to, startAt: startOfDay(from, timeZone), endAt: startOfDay(addDays(to, 1), timeZone) };
}

export const weekPeriod = (monday: string, timeZone: string) => period(monday, addDays(monday, 6), timeZone);

/** The week before the one an instant falls in: what Monday's report covers. */
export const previousWeek = (at: Date, timeZone: string) => weekPeriod(addDays(mondayOf(localDate(at, timeZone)), -7), timeZone);

/** This calendar month, as of an instant. */
export function monthPeriod(at: Date, timeZone: string): ReportPeriod {
  const first = monthStart(localDate(at, timeZone));
  return period(first, addDays(addMonths(first, 1), -1), timeZone);
}
