import { matchIssue, type ErrorDetail, type IssueKey, type ObjectMetadata } from '@crm/schema';

/** Why a cell could not become a value of its field; `text` is the cell as written. */
export type CellProblem =
  | { key: 'not_number' | 'not_date' | 'not_datetime' | 'not_boolean' | 'no_user' | 'not_phone' | 'phone_kept' | 'not_currency'; text: string }
  | { key: 'not_option'; text: string; options: string }
  | { key: 'ambiguous_user'; text: string; n: number };

/** Why a relation cell or a new record is refused (row-level problems, not one cell's conversion). */
export type RowProblem =
  | { key: 'no_link' | 'ambiguous_link'; field: string; text: string; object: string; n?: number }
  | { key: 'blocked'; field: string; owner: string; rule: string }
  | { key: 'blocked_row'; field: string; rule: string; row: number };

type Texts = Record<CellProblem['key'] | RowProblem['key'] | IssueKey, string>;

// A rejected row's reason is stored when the import is validated, in the importing user's language
// (it is shown in the wizard and written into rejects.csv, which no app translates).
const ZH: Texts = {
  not_number: '“{text}”不是数字',
  not_date: '“{text}”不是日期',
  not_datetime: '“{text}”不是日期时间',
  not_boolean: '“{text}”不是“是/否”',
  no_user: '没有名为“{text}”的在职用户',
  ambiguous_user: '有 {n} 位在职用户名为“{text}”，请改用邮箱或外部编号',
  no_link: '找不到{object}“{text}”（按外部编号、名称或邮箱）',
  ambiguous_link: '有 {n} 条{object}名为“{text}”，请改用外部编号',
  blocked: '撞单：已有相同{rule}的记录（负责人：{owner}），不允许重复',
  blocked_row: '撞单：与文件第 {row} 行的{rule}相同，不允许重复',
  not_phone: '“{text}”不是电话号码',
  phone_kept: '“{text}”不像电话号码，已按原样保存',
  not_currency: '“{text}”不是币种（如 CNY、USD、美元）',
  not_option: '“{text}”不是可选项（{options}），请在值映射中对应',
  required: '必填',
  email: '不是有效的邮箱地址',
  phone: '不是有效的电话号码',
  url: '不是以 http(s):// 开头的网址',
  integer: '不是整数',
  maxLength: '最多 {n} 个字符',
  min: '不能小于 {n}',
  max: '不能大于 {n}',
  option: '不是可选项',
  reference: '关联的记录不存在或无权访问',
  unique: '该值已存在',
};

const EN: Texts = {
  not_number: "'{text}' is not a number",
  not_date: "'{text}' is not a date",
  not_datetime: "'{text}' is not a date and time",
  not_boolean: "'{text}' is not yes/no",
  no_user: "no active user '{text}'",
  ambiguous_user: "{n} active users are named '{text}'; use an e-mail or external id",
  no_link: "no {object} '{text}' (by external id, name or e-mail)",
  ambiguous_link: "{n} {object} records are named '{text}'; use an external id",
  blocked: 'a record with the same {rule} already exists (owner: {owner}); duplicates are not allowed',
  blocked_row: 'the same {rule} as row {row} of the file; duplicates are not allowed',
  not_phone: "'{text}' is not a phone number",
  phone_kept: "'{text}' does not look like a phone number; kept as written",
  not_currency: "'{text}' is not a currency (such as CNY, USD)",
  not_option: "'{text}' is not an option ({options}); map it in the value mapping",
  required: 'is required',
  email: 'is not an email address',
  phone: 'is not a phone number',
  url: 'is not an http(s) URL',
  integer: 'is not a whole number',
  maxLength: 'at most {n} characters',
  min: 'must be at least {n}',
  max: 'must be at most {n}',
  option: 'is not one of the options',
  reference: 'the linked record does not exist or is not visible',
  unique: 'this value already exists',
};

const fill = (text: string, params: Record<string, unknown>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
const textsOf = (locale: string) => (locale === 'en' ? EN : ZH);

function labelOf(meta: ObjectMetadata, path: string, locale: string): string {
  const field = meta.fields.find((f) => f.name === path.split('.')[0]);
  return field ? (locale === 'en' ? field.label.en : field.label.zh) : path;
}

const joinLabel = (label: string, text: string, locale: string) => (locale === 'en' ? `${label}: ${text}` : `${label}：${text}`);

/** 邮箱：不是有效的邮箱地址 / Email: is not an email address — the field by its label, the problem in words. */
export function cellReason(meta: ObjectMetadata, field: string, problem: CellProblem, locale: string): string {
  return joinLabel(labelOf(meta, field, locale), fill(textsOf(locale)[problem.key], problem), locale);
}

/** The schema's per-field details, each by field label and translated where the message is known. */
export function detailsReason(meta: ObjectMetadata, details: ErrorDetail[], locale: string): string {
  return details
    .map((d) => {
      const issue = matchIssue(d.message);
      return joinLabel(labelOf(meta, d.path, locale), issue ? fill(textsOf(locale)[issue.key], issue) : d.message, locale);
    })
    .join(locale === 'en' ? '; ' : '；');
}

/** A row-level problem in the importer's language, by the field's label. */
export function rowReason(meta: ObjectMetadata, problem: RowProblem, locale: string): string {
  return joinLabel(labelOf(meta, problem.field, locale), fill(textsOf(locale)[problem.key], problem), locale);
}
