import type { FieldDefinition, ObjectMetadata } from '@crm/schema';
import { partFields } from './field-parts.js';

/** Field name → column index. A column may feed several fields (公司 → company and customer_id). */
export type Mapping = Record<string, number>;

/** Other ways spreadsheets name a field, in Chinese and English, by field name. */
const SYNONYMS: Record<string, string[]> = {
  name: ['姓名', '名字', '名称', '联系人', '联系人姓名', 'full name', 'contact name', 'name'],
  mobile: ['手机', '手机号', '手机号码', '移动电话', 'mobile', 'mobile phone', 'cell', 'cellphone', 'cell phone'],
  phone: ['account phone', 'phone 1', '公司电话', '电话', '座机', '固话', '电话号码', '联系电话', '办公电话', 'tel', 'telephone', 'phone', 'phone number', 'work phone'],
  email: ['邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址', 'email', 'e-mail', 'mail', 'email address'],
  company: ['公司', '公司名称', '单位', '企业', '企业名称', '工作单位', 'company', 'company name', 'organization', 'organisation'],
  title: ['职位', '职务', '岗位', 'title', 'job title', 'position'],
  wechat: ['微信', '微信号', 'wechat', 'weixin'],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', 'birthday', 'date of birth', 'dob'],
  description: ['deal description', '备注信息', '备注', '说明', '描述', '需求描述', 'notes', 'note', 'remarks', 'comment', 'description'],
  owner_id: ['ownerid', 'owner id', 'opportunity owner', 'account owner', 'deal owner', 'contact owner', 'lead owner', 'record owner', '负责人', '归属人', '所属员工', '销售负责人', '负责人', '所有者', '销售', 'owner', 'sales rep'],
  website: ['account website', 'company domain name', '网站', '网址', '官网', 'website', 'url', 'web'],
  address: ['billing address', 'billingaddress', 'billing street', 'billingstreet', 'street', 'street address', 'address 1', '街道', '街道地址', '客户地址', '公司地址', '地址', '详细地址', '通讯地址', 'address'],
  country: ['billingcountry', 'billing country', 'country', 'country/region', 'country region', '国家', '国家地区', '国别', '所在国家'],
  region: ['所在地区', '省市区', '所在地', 'location'],
  'region.province': ['billingstate', 'billing state', 'billing state/province', 'state', 'province', 'state/province', 'state province', 'state/region', '省份', '省', '所在省份', '省/州', '州'],
  'region.city': ['billingcity', 'billing city', 'city', '城市', '市', '所在城市'],
  'region.district': ['billingdistrict', 'district', 'county', '区县', '区/县', '区', '县'],
  postal_code: ['billingpostalcode', 'billing postal code', 'billing zip', 'postal code', 'postalcode', 'postcode', 'post code', 'zip', 'zip code', 'zipcode', '邮编', '邮政编码'],
  'amount.currency': ['currency', 'amount currency', 'opportunity currency', 'deal currency', 'currency code', 'currencyisocode', '币种', '货币', '币别'],
  lead_source: ['leadsource', 'lead source', 'original source', 'source', '商机来源', '来源', '线索来源', '客户来源'],
  deal_type: ['type', 'opportunity type', 'deal type', 'dealtype', 'business type', '商机类型', '类型', '业务类型'],
  // A users file (object=users).
  team: ['team', 'team name', 'department', 'dept', '团队', '所属团队', '部门', '所属部门', '销售团队'],
  role: ['role', 'user role', 'profile', '角色', '用户角色', '权限角色'],
  manager: ['manager', 'manager email', 'reports to', 'supervisor', '上级', '直属上级', '上级邮箱', '主管', '经理'],
  locale: ['language', 'locale', '语言'],
  next_step: ['nextstep', 'next step', 'next steps', '下一步', '下一步计划', '下步计划'],
  industry: ['account industry', '客户行业', '行业', '所属行业', 'industry'],
  source: ['leadsource', 'lead source', 'original source', 'source of lead', '商机来源', '客户来源', '来源', '客户来源', '线索来源', 'source', 'lead source'],
  status: ['状态', 'status'],
  tags: ['标签', 'tags', 'labels'],
  employees: ['numberofemployees', 'number of employees', '员工人数', '员工数', '人数', 'employees', 'headcount'],
  amount: ['opportunity amount', 'deal amount', '商机金额', '合同金额', '预计金额', '销售金额', '金额', '商机金额', 'amount', 'value'],
  stage: ['stagename', 'stage name', 'deal stage', 'opportunity stage', '销售阶段', '商机阶段', '阶段'],
  expected_close_date: ['closedate', 'close date', 'expected close date', 'estimated close date', '预计成交日期', '预计签单日期', '预计成交时间', '结单日期'],
  lost_reason: ['loss reason', 'closed lost reason', 'reason lost', '输单原因', '丢单原因', '失败原因'],
  won_reason: ['win reason', 'closed won reason', '赢单原因'],
  probability: ['probability (%)', 'probability', 'deal probability', '赢率', '成交概率', '赢单率'],
  customer_id: ['accountid', 'account id', 'account', 'account name', 'associated company', 'company', '客户', '客户名称', '对应客户', '所属客户'],
  contact_id: ['contactid', 'contact id', 'primary contact', 'associated contact', '联系人'],
  // An export's own record id (Salesforce Id 001…): it becomes the record's external id.
  external_id: ['id', 'external id', 'externalid', 'record id', 'salesforce id', 'sfdc id', '外部编号', '外部id', '原系统编号', '原系统id'],
  created_at: ['创建时间', '创建日期', '录入时间', 'created', 'created date', 'createddate', 'create date', 'date created'],
  closed_at: ['结束时间', '关闭时间', '关闭日期', '赢单日期', '输单日期', 'closed', 'closed date', 'close date', 'closedate', 'date closed'],
};

/** Names of the title column in other CRMs' exports (Salesforce, HubSpot, Zoho), per object. */
const TITLE_SYNONYMS: Record<string, string[]> = {
  customers: ['account name', 'accountname', 'company name', 'account', '客户名称', '公司名称'],
  deals: ['opportunity name', 'opportunityname', 'deal name', 'dealname', 'potential name', '商机名称', '机会名称'],
  products: ['product name', 'productname', '产品名称'],
};

/**
 * System dates an import may bring from the old system so history lands in its own period (won
 * deals in the month they closed): only administrators may map them, and the audit says so.
 */
export const HISTORY_FIELDS = new Set(['created_at', 'closed_at']);

/** Lower case without spaces, punctuation or a required-marker asterisk, so '邮箱*' and 'E-mail ' compare equal. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[\s*:：_\-()（）[\]【】.]/g, '');
}

/** The names a field answers to, best first: its own name and labels score 3, synonyms 2. */
function namesOf(meta: ObjectMetadata, field: FieldDefinition, registry: (object: string) => ObjectMetadata | undefined): [string, number][] {
  const names: [string, number][] = [[field.name, 3], [field.label.zh, 3], [field.label.en, 3]];
  if (field.name === meta.titleField) for (const s of TITLE_SYNONYMS[meta.name] ?? []) names.push([s, 2]);
  for (const s of SYNONYMS[field.name] ?? []) names.push([s, 2]);
  if (field.type === 'relation' && field.relation) {
    const target = registry(field.relation.object);
    if (target) {
      // A relation answers to its target's labels, and a link to customers also to 公司/Company.
      names.push([target.label.zh, 2], [target.label.en, 2], [`${target.label.zh}名称`, 2]);
      if (target.name === 'customers') for (const s of SYNONYMS.company) names.push([s, 1]);
    }
  }
  return names.map(([n, score]) => [normalizeHeader(n), score]);
}

/** Fields a column may be imported into: writable, not system (but for the history dates), not archived; and parts of fields (field-parts.ts). */
export function importableFields(meta: ObjectMetadata): FieldDefinition[] {
  return [...meta.fields.filter((f) => (!f.system || HISTORY_FIELDS.has(f.name)) && !f.archived), ...partFields(meta)];
}

/**
 * Proposes which column feeds which field: each field takes the column whose header matches its
 * name, label (zh/en) or a synonym best; the user corrects it in the mapping step.
 */
export function proposeMapping(meta: ObjectMetadata, headers: string[], registry: (object: string) => ObjectMetadata | undefined, options: { history?: boolean } = {}): Mapping {
  const normalized = headers.map(normalizeHeader);
  const mapping: Mapping = {};
  const claimed = new Set<number>();
  const candidates = importableFields(meta).filter((f) => options.history || !HISTORY_FIELDS.has(f.name)).map((field) => {
    let best = { column: -1, score: 0 };
    for (const [name, score] of namesOf(meta, field, registry)) {
      const column = normalized.indexOf(name);
      if (column >= 0 && name && score > best.score) best = { column, score };
    }
    return { field, ...best };
  });
  // Strong matches first, so 电话 goes to the field labelled 电话 before a synonym claims it.
  for (const c of candidates.filter((c) => c.column >= 0).sort((a, b) => b.score - a.score)) {
    // A relation or a history date may share its column (Close Date: expected close and, for won/lost deals, closed at).
    const shares = c.field.type === 'relation' || HISTORY_FIELDS.has(c.field.name);
    if (!shares && claimed.has(c.column)) continue;
    mapping[c.field.name] = c.column;
    if (!shares) claimed.add(c.column);
  }
  return mapping;
}
