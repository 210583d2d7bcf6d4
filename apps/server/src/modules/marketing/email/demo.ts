import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { Engine } from '../../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../../engine/permissions/access.js';
import { advanceMember } from './campaign-status.js';
import { setSendStatus } from './send-status.js';

const TEMPLATE = {
  name: '年终客户关怀',
  subject_zh: '{{contact.name | 尊敬的客户}}，感谢{{customer.name | 贵公司}}一年来的支持',
  body_zh: '<h2>年终感恩回馈</h2><p>{{contact.name | 尊敬的客户}}，您好：</p><p>感谢{{customer.name | 贵公司}}一年来对我们的信任。续约即享 <b>9 折</b> 优惠。</p><p><a href="https://www.example.com/renew">立即了解续约方案</a></p>',
  subject_en: 'Thank you for a great year, {{contact.name | valued customer}}',
  body_en: '<h2>Year-end thanks</h2><p>Dear {{contact.name | customer}},</p><p>Renew now and save 10%.</p><p><a href="https://www.example.com/renew">See renewal offers</a></p>',
};

/**
 * A completed send of the year-end care campaign: its contact members opted in (source "demo"),
 * each delivered, some opened and clicked, so the send report and the campaign show real figures.
 */
export async function loadEmailDemo(db: Kysely<Database>, engine: Engine, campaignId: string, contactIds: string[]) {
  const { records } = engine;
  const template = await records.create('marketing_templates', TEMPLATE, SYSTEM_CONTEXT);
  for (const id of contactIds) await records.update('contacts', id, { marketing_consent: 'opted_in', marketing_consent_source: 'demo' }, SYSTEM_CONTEXT);
  const send = await records.create('marketing_sends', { name: '年终关怀邮件（第一批）', template_id: template.id, campaign_id: campaignId, rate_per_minute: 600 }, SYSTEM_CONTEXT);
  const id = send.id as string;
  await db.transaction().execute(async (trx) => {
    await setSendStatus(trx, engine, id, ['draft'], 'sending', null);
    await sql`INSERT INTO marketing_send_runs (send_id, status, rate_per_minute, locale, started_at, finished_at) VALUES (${id}, 'completed', 600, 'zh', now() - interval '2 days', now() - interval '2 days')`.execute(trx);
    for (const [i, contactId] of contactIds.entries()) {
      const opened = i < 2;
      const clicked = i === 0;
      await sql`INSERT INTO marketing_send_recipients (send_id, contact_id, email, state, sent_at, opened_at, open_count, clicked_at, click_count)
        SELECT ${id}, c.id, lower(c.email), CASE WHEN coalesce(c.email, '') = '' THEN 'skipped' ELSE 'delivered' END, now() - interval '2 days',
          CASE WHEN ${opened} AND coalesce(c.email, '') <> '' THEN now() - interval '1 day' END, CASE WHEN ${opened} THEN 1 ELSE 0 END,
          CASE WHEN ${clicked} AND coalesce(c.email, '') <> '' THEN now() - interval '1 day' END, CASE WHEN ${clicked} THEN 1 ELSE 0 END
        FROM contacts c WHERE c.id = ${contactId}`.execute(trx);
      await advanceMember(trx, engine, campaignId, { contact_id: contactId, lead_id: null }, clicked ? 'clicked' : opened ? 'opened' : 'sent');
    }
    await sql`UPDATE marketing_send_recipients SET skip_reason = 'no_email' WHERE send_id = ${id} AND state = 'skipped'`.execute(trx);
    await setSendStatus(trx, engine, id, ['sending'], 'completed', null);
  });
}
