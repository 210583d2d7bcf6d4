import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  adminEmail?: string;
  adminPassword?: string;
  secureCookie: boolean;
  trustProxy: boolean;
  webDir: string;
  logLevel: string;
  /** CRM_PUBLIC_URL: where users reach the app (https://crm.example.com), without a trailing slash. */
  publicUrl?: string;
  /** The install's time zone: cron schedules and date-only fields are read in it. */
  timeZone: string;
}

/** Settings come from the environment only; README.md lists them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.CRM_DATA_DIR ?? 'data'),
    adminEmail: env.CRM_ADMIN_EMAIL || undefined,
    adminPassword: env.CRM_ADMIN_PASSWORD || undefined,
    secureCookie: env.CRM_COOKIE_SECURE === 'true',
    trustProxy: env.CRM_TRUST_PROXY === 'true',
    webDir: resolve(env.CRM_WEB_DIR ?? new URL('../../web/dist', import.meta.url).pathname),
    logLevel: env.LOG_LEVEL ?? 'warn',
    timeZone: timeZoneFrom(env),
    publicUrl: publicUrlFrom(env),
  };
}

/**
 * CRM_PUBLIC_URL: the address visitors and mail readers reach the install at, without a trailing
 * slash. Links built for the outside (web-form embeds) use it rather than the Host header, which
 * anyone can set. A value that is not an http(s) URL stops the server at start-up.
 */
export function publicUrlFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.CRM_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`CRM_PUBLIC_URL must be an http(s) URL such as https://crm.example.com (got '${raw}')`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username) throw new Error(`CRM_PUBLIC_URL must be a plain http(s) URL such as https://crm.example.com (got '${raw}')`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** CRM_TIME_ZONE (an IANA name), default Asia/Shanghai. */
export function timeZoneFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.CRM_TIME_ZONE || 'Asia/Shanghai';
}
