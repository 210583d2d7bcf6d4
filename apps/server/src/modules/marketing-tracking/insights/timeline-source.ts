import type { ObjectMetadata, TimelineEntry } from '@crm/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { AccessContext } from '../../../engine/permissions/access.js';
import { PERSON_OBJECTS } from '../tables.js';

const SHOWN = 20;

const TITLES = {
  page_view: { zh: '浏览页面', en: 'Viewed page' },
  download: { zh: '下载资料', en: 'Downloaded' },
  outbound_click: { zh: '点击外部链接', en: 'Clicked out' },
  custom: { zh: '网站事件', en: 'Website event' },
} as const;

/** The website events of a lead or contact (through the browsers tied to it), for its 360° timeline. */
export function websiteTimeline(db: Kysely<Database>) {
  return async (meta: ObjectMetadata, id: string, ctx: AccessContext): Promise<TimelineEntry[]> => {
    if (!(PERSON_OBJECTS as readonly string[]).includes(meta.name)) return [];
    const { rows } = await sql<{ type: keyof typeof TITLES; name: string | null; url: string | null; path: string | null; title: string | null; target: string | null; at: Date }>`
      SELECT e.type, e.name, e.url, e.path, e.title, e.target, e.at
      FROM tracking_visitors v JOIN tracking_events e ON e.visitor_id = v.visitor_id
      WHERE v.record_id = ${id} AND v.object = ${meta.name}
      ORDER BY e.at DESC LIMIT ${SHOWN}`.execute(db);
    const lang = ctx.locale === 'en' ? 'en' : 'zh';
    return rows.map((e) => ({
      kind: 'extension',
      source: 'website',
      at: new Date(e.at).toISOString(),
      actorId: null,
      title: `${TITLES[e.type]?.[lang] ?? e.type}${lang === 'en' ? ': ' : '：'}${e.type === 'page_view' ? e.title || e.path : e.type === 'custom' ? e.name : fileName(e.target)}`,
      detail: (e.type === 'page_view' || e.type === 'custom' ? e.url : e.target) ?? undefined,
      status: 'info',
      action: e.type,
    }));
  };
}

/** The last part of a link's path ("brochure.pdf"), else the link. */
function fileName(url: string | null) {
  if (!url) return '';
  const last = new URL(url).pathname.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : url;
}
