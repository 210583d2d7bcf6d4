import type { FieldDefinition, ImportValueMatch } from '@crm/schema';

/**
 * Words other CRMs and spreadsheets use for our option values (Salesforce StageName, HubSpot deal
 * stages, Chinese CRMs' 赢单/成交…), by option value. Only used where the field has that option.
 */
const OPTION_SYNONYMS: Record<string, string[]> = {
  won: ['closed won', 'closedwon', 'won', 'win', '赢单', '成交', '已成交', '签约', '已签约', '赢得'],
  lost: ['closed lost', 'closedlost', 'lost', 'lose', '输单', '丢单', '失败', '已输单', '已丢单'],
  initial: ['prospecting', 'appointment scheduled', 'new', '初步接洽', '初步沟通', '初次接触', '验证客户'],
  qualified: ['qualification', 'needs analysis', 'qualified to buy', '需求确认', '需求分析', '需求沟通'],
  proposal: ['value proposition', 'id. decision makers', 'perception analysis', 'proposal/price quote', 'presentation scheduled', 'decision maker bought-in', '方案报价', '报价', '方案'],
  negotiation: ['negotiation/review', 'contract sent', '谈判', '谈判审核', '商务谈判', '合同审核'],
  website: ['web', 'web site', 'online', '网站', '官网', '网络'],
  referral: ['partner referral', 'employee referral', 'external referral', 'word of mouth', '推荐', '转介绍'],
  event: ['trade show', 'seminar', 'seminar - partner', 'seminar - internal', 'conference', '展会', '会议', '活动'],
  ads: ['advertisement', 'advertising', 'paid search', '广告', '投放'],
  cold_call: ['cold call', 'phone inquiry', '电话', '陌拜', '电话营销'],
  other: ['其他', '其它', 'others'],
  new_business: ['new customer', 'new business', 'newbusiness', '新客户', '新业务', '新签'],
  existing_business: ['existing customer', 'existing customer - upgrade', 'existing customer - replacement', 'existing customer - downgrade', 'existing business', 'existingbusiness', 'upsell', 'upgrade', '老客户', '增购', '老客户增购'],
  renewal: ['renewal', 'renew', '续约', '续费', '续签'],
  US: ['usa', 'u.s.', 'u.s.a.', 'united states of america', 'america', '美国'],
  GB: ['uk', 'u.k.', 'great britain', 'england', '英国'],
  CN: ['prc', "people's republic of china", 'mainland china', '中国大陆', '中华人民共和国'],
  male: ['m', '男', 'man'],
  female: ['f', '女', 'woman'],
};

/** Case, spaces and punctuation do not matter: "Closed Won", "closed-won" and "CLOSED_WON" are one word. */
export const normalizeValue = (text: string) => text.toLowerCase().replace(/[\s_\-–—/.·:：()（）]+/g, '');

const synonymIndex = new Map<string, string>();
for (const [value, words] of Object.entries(OPTION_SYNONYMS)) for (const w of words) synonymIndex.set(normalizeValue(w), value);

/** The option a file value means: its key or zh/en label (any case), else a known synonym. */
export function matchOption(field: FieldDefinition, text: string): { value: string; match: ImportValueMatch } | null {
  const t = text.trim().toLowerCase();
  const options = field.options ?? [];
  const byKey = options.find((o) => o.value.toLowerCase() === t);
  if (byKey) return { value: byKey.value, match: 'option' };
  const byLabel = options.find((o) => o.label.zh.toLowerCase() === t || o.label.en.toLowerCase() === t);
  if (byLabel) return { value: byLabel.value, match: 'label' };
  const n = normalizeValue(text);
  const loose = options.find((o) => normalizeValue(o.value) === n || normalizeValue(o.label.zh) === n || normalizeValue(o.label.en) === n);
  if (loose) return { value: loose.value, match: 'label' };
  const synonym = synonymIndex.get(n);
  if (synonym && options.some((o) => o.value === synonym)) return { value: synonym, match: 'synonym' };
  return null;
}

/** One field's value map, looked up by the exact (trimmed) cell text, else case-insensitively. */
export class ValueMap {
  private readonly exact = new Map<string, string | null>();
  private readonly folded = new Map<string, string | null>();

  constructor(entries: Record<string, string | null>) {
    for (const [k, v] of Object.entries(entries)) {
      this.exact.set(k.trim(), v);
      if (!this.folded.has(k.trim().toLowerCase())) this.folded.set(k.trim().toLowerCase(), v);
    }
  }

  /** The stored value (null = leave empty), or undefined when the map does not name this value. */
  get(text: string): string | null | undefined {
    const t = text.trim();
    return this.exact.has(t) ? this.exact.get(t) : this.folded.get(t.toLowerCase());
  }
}

export function valueMapsOf(values: Record<string, Record<string, string | null>>): Map<string, ValueMap> {
  return new Map(Object.entries(values).map(([field, entries]) => [field, new ValueMap(entries)]));
}
