import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { recordSettingsChange, settingsChanges } from '../../engine/audit/audit.js';
import { badRequest } from '../../http/errors.js';
import { outboundRequest, type OutboundResponse } from '../../outbound/http-request.js';

export interface CompanySettings {
  name: string;
  address: string;
  phone: string;
  /** 开户行, 账号, 税号: the payment block of quote PDFs. */
  bankName: string;
  bankAccount: string;
  taxId: string;
  logoUrl: string | null;
  hasLogo: boolean;
}

export const companySettingsInput = z
  .object({
    name: z.string().trim().max(200),
    address: z.string().trim().max(500).default(''),
    phone: z.string().trim().max(100).default(''),
    bankName: z.string().trim().max(200).default(''),
    bankAccount: z.string().trim().max(100).default(''),
    taxId: z.string().trim().max(50).default(''),
    /** An image URL fetched once on save (administrators only); null removes the logo. */
    logoUrl: z.string().url().max(2000).nullable().optional(),
  })
  .strict();

const MAX_LOGO = 1024 * 1024;
const LOGO_TYPES = new Set(['image/png', 'image/jpeg']);

export async function readCompanySettings(db: Kysely<Database>): Promise<CompanySettings> {
  const { rows } = await sql<{ name: string; address: string; phone: string; bank_name: string; bank_account: string; tax_id: string; logo_url: string | null; has_logo: boolean }>`
    SELECT name, address, phone, bank_name, bank_account, tax_id, logo_url, logo IS NOT NULL AS has_logo FROM company_settings WHERE id = 1`.execute(db);
  const r = rows[0];
  return {
    name: r?.name ?? '',
    address: r?.address ?? '',
    phone: r?.phone ?? '',
    bankName: r?.bank_name ?? '',
    bankAccount: r?.bank_account ?? '',
    taxId: r?.tax_id ?? '',
    logoUrl: r?.logo_url ?? null,
    hasLogo: Boolean(r?.has_logo),
  };
}

export async function readLogo(db: Kysely<Database>): Promise<{ data: Buffer; type: string } | null> {
  const { rows } = await sql<{ logo: Buffer | Uint8Array | null; logo_type: string | null }>`SELECT logo, logo_type FROM company_settings WHERE id = 1`.execute(db);
  const r = rows[0];
  return r?.logo ? { data: Buffer.from(r.logo), type: r.logo_type ?? 'image/png' } : null;
}

/** PNG or JPEG by its first bytes (what pdfkit can embed), at most 1 MB. */
export function checkLogo(data: Buffer, path = 'logo'): string {
  if (data.length > MAX_LOGO) throw badRequest('the logo must be at most 1 MB', [{ path, message: 'too large' }]);
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'image/jpeg';
  throw badRequest('the logo must be a PNG or JPEG image', [{ path, message: 'not a PNG or JPEG image' }]);
}

async function fetchLogo(url: string): Promise<{ data: Buffer; type: string }> {
  let res: OutboundResponse;
  try {
    res = await outboundRequest(url, { timeoutMs: 10_000, maxBytes: MAX_LOGO });
  } catch (error) {
    throw badRequest(`could not fetch the logo: ${(error as Error).message}`, [{ path: 'logoUrl', message: 'could not be fetched' }]);
  }
  if (res.status < 200 || res.status >= 300) throw badRequest(`could not fetch the logo: HTTP ${res.status}`, [{ path: 'logoUrl', message: `HTTP ${res.status}` }]);
  const data = res.body;
  const type = checkLogo(data, 'logoUrl');
  if (!LOGO_TYPES.has(type)) throw badRequest('unsupported logo type', [{ path: 'logoUrl', message: type }]);
  return { data, type };
}

export async function saveCompanySettings(db: Kysely<Database>, input: z.infer<typeof companySettingsInput>, actorId: string | null) {
  const current = await readCompanySettings(db);
  // A new URL is fetched now (so the PDF never depends on another server); null drops the logo.
  const logo = input.logoUrl && input.logoUrl !== current.logoUrl ? await fetchLogo(input.logoUrl) : undefined;
  const clear = input.logoUrl === null && current.hasLogo;
  await db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO company_settings (id, name, address, phone, bank_name, bank_account, tax_id)
      VALUES (1, ${input.name}, ${input.address}, ${input.phone}, ${input.bankName}, ${input.bankAccount}, ${input.taxId})
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address, phone = EXCLUDED.phone,
        bank_name = EXCLUDED.bank_name, bank_account = EXCLUDED.bank_account, tax_id = EXCLUDED.tax_id, updated_at = now()`.execute(trx);
    if (logo) await sql`UPDATE company_settings SET logo = ${logo.data}, logo_type = ${logo.type}, logo_url = ${input.logoUrl} WHERE id = 1`.execute(trx);
    if (clear) await sql`UPDATE company_settings SET logo = NULL, logo_type = NULL, logo_url = NULL WHERE id = 1`.execute(trx);
    const audited = (c: Pick<CompanySettings, 'name' | 'address' | 'phone' | 'bankName' | 'bankAccount' | 'taxId'>) =>
      ({ name: c.name, address: c.address, phone: c.phone, bankName: c.bankName, bankAccount: c.bankAccount, taxId: c.taxId });
    const changes = settingsChanges(audited(current), audited(input));
    if (logo || clear) changes.logo = logoChange(current, logo ? (input.logoUrl ?? null) : null, !clear);
    await recordSettingsChange(trx, 'company', actorId, changes);
  });
  return readCompanySettings(db);
}

export async function saveUploadedLogo(db: Kysely<Database>, data: Buffer, actorId: string | null) {
  const type = checkLogo(data);
  const current = await readCompanySettings(db);
  await db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO company_settings (id, logo, logo_type, logo_url) VALUES (1, ${data}, ${type}, NULL)
      ON CONFLICT (id) DO UPDATE SET logo = EXCLUDED.logo, logo_type = EXCLUDED.logo_type, logo_url = NULL, updated_at = now()`.execute(trx);
    await recordSettingsChange(trx, 'company', actorId, { logo: logoChange(current, null, true) });
  });
  return readCompanySettings(db);
}

/** A logo in the audit: its URL when it came from one, 'uploaded' for an upload, null for none. */
function logoChange(current: CompanySettings, url: string | null, hasLogo: boolean) {
  const describe = (logoUrl: string | null, present: boolean) => (present ? (logoUrl ?? 'uploaded') : null);
  return { from: describe(current.logoUrl, current.hasLogo), to: describe(url, hasLogo) };
}
