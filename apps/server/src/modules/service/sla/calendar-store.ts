import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { DEFAULT_HOURS, type SupportCalendar } from './business-time.js';

/** The install's support calendar (defaults: Asia/Shanghai, 09:00–18:00 on China's working days). */
export async function loadCalendar(db: Kysely<Database>): Promise<SupportCalendar> {
  const row = await db.selectFrom('support_calendar').selectAll().where('id', '=', 1).executeTakeFirst();
  const days = await calendarDays(db);
  return {
    timezone: row?.timezone ?? 'Asia/Shanghai',
    hours: row?.hours ?? DEFAULT_HOURS,
    useChinaHolidays: row?.use_china_holidays ?? true,
    overrides: new Map(days.map((d) => [d.day, d.working])),
  };
}

/** The admin's dated overrides, as YYYY-MM-DD (PGlite and pg would otherwise differ on date values). */
export async function calendarDays(db: Kysely<Database>) {
  const { rows } = await sql<{ day: string; working: boolean; note: string | null }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, working, note FROM support_calendar_days ORDER BY day`.execute(db);
  return rows;
}
