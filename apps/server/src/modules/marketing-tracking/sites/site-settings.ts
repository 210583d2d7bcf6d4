import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { TrackingSite } from '../tables.js';

/** An origin as browsers send it (scheme://host[:port]); `https://*.example.com` allows every subdomain. */
const origin = z
  .string()
  .trim()
  .max(300)
  .transform((v) => v.replace(/\/+$/, '').toLowerCase())
  .refine((v) => /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/.test(v), 'an origin such as https://www.example.com (scheme and host, no path)');

export const siteInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    allowedOrigins: z.array(origin).min(1).max(50),
    retentionDays: z.number().int().min(1).max(3650).default(180),
    honourDnt: z.boolean().default(true),
    requireConsent: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .strict();
export type SiteInput = z.infer<typeof siteInput>;

export const newSiteKey = () => randomBytes(12).toString('base64url');

export function siteColumns(input: SiteInput) {
  return {
    name: input.name,
    allowed_origins: JSON.stringify([...new Set(input.allowedOrigins)]),
    retention_days: input.retentionDays,
    honour_dnt: input.honourDnt,
    require_consent: input.requireConsent,
    active: input.active,
  };
}

/** What an admin sets on a site, as the API and the audit log show it. */
export function siteSettings(site: TrackingSite) {
  return {
    name: site.name,
    allowedOrigins: site.allowed_origins,
    retentionDays: site.retention_days,
    honourDnt: site.honour_dnt,
    requireConsent: site.require_consent,
    active: site.active,
  };
}

/** The API shape of a site, with the snippet to paste into its pages. */
export function siteView(site: TrackingSite, baseUrl: string) {
  const scriptUrl = `${baseUrl}/t/${site.site_key}/crm.js`;
  return {
    id: site.id,
    siteKey: site.site_key,
    ...siteSettings(site),
    createdAt: site.created_at,
    updatedAt: site.updated_at,
    scriptUrl,
    snippet: `<script src="${scriptUrl}" async></script>`,
  };
}

/** Whether the Origin header a browser sent is one the site allows. */
export function originAllowed(site: Pick<TrackingSite, 'allowed_origins'>, requestOrigin: string | undefined): boolean {
  if (!requestOrigin) return false;
  const given = requestOrigin.toLowerCase();
  return site.allowed_origins.some((allowed) => {
    if (!allowed.includes('*.')) return allowed === given;
    const [scheme, rest] = allowed.split('://*.');
    const match = /^(https?):\/\/([^/]+)$/.exec(given);
    return !!match && match[1] === scheme && match[2].endsWith(`.${rest}`);
  });
}
