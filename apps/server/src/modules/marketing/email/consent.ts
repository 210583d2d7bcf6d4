import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import type { HookEvent } from '../../../engine/hooks/hooks.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';
import { RECIPIENT_OBJECTS, type RecipientObject } from './objects.js';

/**
 * Stamps when a contact's or lead's marketing consent changed, and from where: the writer's source, else
 * "manual" for a person, "system" for the system. The change itself goes through the engine, so it
 * is audited with the old and new state like any field.
 */
export function registerConsentStamp(engine: Engine) {
  const stamp = ({ values, previous, ctx }: HookEvent) => {
    if (values.marketing_consent === undefined || values.marketing_consent === previous?.marketing_consent) return;
    if (!previous && values.marketing_consent === 'unknown' && values.marketing_consent_source === undefined) return;
    values.marketing_consent_at = new Date().toISOString();
    if (values.marketing_consent_source === undefined || values.marketing_consent_source === null) {
      values.marketing_consent_source = ctx.userId ? 'manual' : 'system';
    }
  };
  for (const object of RECIPIENT_OBJECTS) {
    engine.hooks.on(object, 'beforeCreate', stamp);
    engine.hooks.on(object, 'beforeUpdate', stamp);
  }
}

/**
 * A converted lead's consent and e-mail language go to the contact it became, unless the contact
 * already has a consent state of its own (an existing person). Same transaction as the conversion;
 * the contact's audit entry records the copy, the source names the lead's.
 */
export function registerConsentOnConversion(engine: Engine) {
  engine.hooks.on('leads', 'afterUpdate', async ({ trx, previous, record }) => {
    const contactId = record?.converted_contact_id as string | null | undefined;
    if (!record || !contactId || contactId === previous?.converted_contact_id) return;
    const { rows } = await sql<{ marketing_consent: string | null; language: string | null }>`
      SELECT marketing_consent, language FROM contacts WHERE id = ${contactId}`.execute(trx);
    const contact = rows[0];
    if (!contact) return;
    const values: Record<string, unknown> = {};
    const consent = record.marketing_consent as string | null | undefined;
    if (consent && consent !== 'unknown' && (contact.marketing_consent ?? 'unknown') === 'unknown') {
      values.marketing_consent = consent;
      values.marketing_consent_source = `lead_conversion: ${String(record.marketing_consent_source ?? '')}`.slice(0, 200);
    }
    if (record.language && !contact.language) values.language = record.language;
    if (Object.keys(values).length) await engine.records.update('contacts', contactId, values, SYSTEM_CONTEXT, { trx });
  });
}

/** Why a contact or lead gets no marketing e-mail now, or null when it may. */
export type SkipReason = 'no_consent' | 'opted_out' | 'no_email' | 'bounced' | 'unsubscribed';

/** The skip reason as SQL over the contacts or leads row `alias` (null: may be sent), checked at queue time and again just before SMTP. */
export const skipReasonSql = (alias: string) => {
  const c = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<SkipReason | null>`CASE
  WHEN coalesce(${c('email')}, '') = '' THEN 'no_email'
  WHEN ${c('marketing_consent')} = 'opted_out' THEN 'opted_out'
  WHEN ${c('marketing_consent')} IS DISTINCT FROM 'opted_in' THEN 'no_consent'
  ELSE (SELECT s.reason FROM marketing_suppressions s WHERE s.email = lower(${c('email')}))
END`;
};

/** Marks an address as not to be mailed again (hard bounce or unsubscribe); the first reason stays. */
export async function suppress(db: Kysely<Database>, email: string, reason: 'bounced' | 'unsubscribed', detail: string | null) {
  await sql`INSERT INTO marketing_suppressions (email, reason, detail) VALUES (${email.toLowerCase()}, ${reason}, ${detail?.slice(0, 500) ?? null})
    ON CONFLICT (email) DO NOTHING`.execute(db);
}

/** The one-click unsubscribe: the contact or lead opts out (audited, source "unsubscribe_link") and the address is suppressed. */
export async function optOut(db: Kysely<Database>, engine: Engine, person: { object: RecipientObject; id: string }, email: string | null) {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ marketing_consent: string | null }>`SELECT marketing_consent FROM ${sql.table(person.object)} WHERE id = ${person.id} AND deleted_at IS NULL`.execute(trx);
    if (rows[0] && rows[0].marketing_consent !== 'opted_out') {
      await engine.records.update(person.object, person.id, { marketing_consent: 'opted_out', marketing_consent_source: 'unsubscribe_link' }, SYSTEM_CONTEXT, { trx });
    }
    if (email) await suppress(trx, email, 'unsubscribed', null);
  });
}
