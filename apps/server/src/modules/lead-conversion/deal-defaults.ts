import type { FieldDefinition, ObjectMetadata } from '@crm/schema';

type Values = Record<string, unknown>;

/** Deal fields a lead may carry under another name: its source is the deal's lead source. */
const FROM_LEAD: Record<string, string[]> = {
  lead_source: ['lead_source', 'source', 'cf_lead_source'],
  deal_type: ['deal_type', 'cf_deal_type', 'cf_type'],
  next_step: ['next_step', 'cf_next_step'],
};

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/** A value the deal field takes as it is: a select's value must be one of the deal's options. */
function fits(field: FieldDefinition, value: unknown): boolean {
  if (field.type === 'select') return (field.options ?? []).some((o) => o.value === value);
  if (field.type === 'multi_select') return Array.isArray(value) && value.every((v) => (field.options ?? []).some((o) => o.value === v));
  return true;
}

/**
 * What a deal opened from a lead takes from it (read with the user's rights, so no hidden field):
 * its lead source, type and next step, and every custom field both objects have with the same
 * name and type (an admin adds cf_budget to both and it carries over, as in Salesforce's lead
 * field mapping). Values the deal's field would refuse stay behind.
 */
export function dealValuesFromLead(lead: Values, leads: ObjectMetadata, deals: ObjectMetadata): Values {
  const out: Values = {};
  const leadField = new Map(leads.fields.filter((f) => !f.archived).map((f) => [f.name, f]));
  for (const field of deals.fields.filter((f) => !f.archived && !f.system)) {
    const sources = FROM_LEAD[field.name] ?? (field.name.startsWith('cf_') && leadField.get(field.name)?.type === field.type ? [field.name] : []);
    const from = sources.find((name) => leadField.has(name) && !blank(lead[name]) && fits(field, lead[name]));
    if (from) out[field.name] = lead[from];
  }
  return out;
}
