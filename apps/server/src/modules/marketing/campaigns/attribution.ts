import { sql, type RawBuilder } from 'kysely';

/**
 * Every (lead, campaign, touch time) pair over all live campaigns and leads, unscoped: a lead
 * belongs to a campaign by its UTM campaign, its web form, or membership (as a lead, or as the
 * contact it was converted to). The touch time is the campaign's start (its creation when undated),
 * so first touch = the lead's earliest campaign and last touch = its latest. Readers' scopes are
 * applied by the report on top; ordering over all campaigns means a campaign's credit does not
 * depend on who is looking.
 */
export const leadTouches: RawBuilder<unknown> = sql`
  SELECT p.lead_id, p.campaign_id, coalesce(c.start_date::timestamptz, c.created_at) AS touch_at FROM (
    SELECT l.id AS lead_id, c.id AS campaign_id FROM leads l JOIN campaigns c
      ON (coalesce(c.utm_campaign, '') <> '' AND lower(l.utm_campaign) = lower(c.utm_campaign))
      OR (coalesce(c.web_form, '') <> '' AND l.web_form = c.web_form)
    WHERE l.deleted_at IS NULL AND c.deleted_at IS NULL
    UNION SELECT m.lead_id, m.campaign_id FROM campaign_members m WHERE m.lead_id IS NOT NULL AND m.deleted_at IS NULL
    UNION SELECT l.id, m.campaign_id FROM campaign_members m JOIN leads l ON l.converted_contact_id = m.contact_id
      WHERE m.deleted_at IS NULL AND l.deleted_at IS NULL
  ) p JOIN campaigns c ON c.id = p.campaign_id AND c.deleted_at IS NULL`;

/** Per converted deal, its first-touch and last-touch campaign (ties broken by id, so stable). */
export const dealTouches: RawBuilder<unknown> = sql`
  SELECT f.deal_id, f.campaign_id AS first_id, l.campaign_id AS last_id FROM
    (SELECT DISTINCT ON (ld.converted_deal_id) ld.converted_deal_id AS deal_id, tt.campaign_id
       FROM touches tt JOIN leads ld ON ld.id = tt.lead_id WHERE ld.converted_deal_id IS NOT NULL
       ORDER BY ld.converted_deal_id, tt.touch_at, tt.campaign_id) f
  JOIN
    (SELECT DISTINCT ON (ld.converted_deal_id) ld.converted_deal_id AS deal_id, tt.campaign_id
       FROM touches tt JOIN leads ld ON ld.id = tt.lead_id WHERE ld.converted_deal_id IS NOT NULL
       ORDER BY ld.converted_deal_id, tt.touch_at DESC, tt.campaign_id DESC) l
  ON l.deal_id = f.deal_id`;
