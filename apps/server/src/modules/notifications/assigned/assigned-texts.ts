import type { ObjectMetadata } from '@crm/schema';

/** What the assignment notice says, in the recipient's language (zh-CN unless they chose English). */
export interface AssignedNotice {
  title: string;
  body?: string;
}

const en = (locale: string) => locale === 'en';

/** Who made the change: a person's name, an automation rule, or nothing when unknown. */
export type AssignedBy = { user: string } | { rule: string } | null;

function byLine(locale: string, by: AssignedBy): string | undefined {
  if (!by) return undefined;
  if ('user' in by) return en(locale) ? `Assigned by ${by.user}` : `由 ${by.user} 分配`;
  return en(locale) ? `Assigned by the automation rule "${by.rule}"` : `由自动化规则「${by.rule}」分配`;
}

/** One record: 客户「上海云帆」已分配给您; several of one change (a bulk transfer): 12 个客户已分配给您. */
export function assignedText(locale: string, meta: ObjectMetadata, titles: string[], by: AssignedBy): AssignedNotice {
  const label = en(locale) ? meta.label.en : meta.label.zh;
  const plural = en(locale) ? meta.pluralLabel.en : meta.pluralLabel.zh;
  const title =
    titles.length === 1
      ? en(locale) ? `${label} "${titles[0]}" was assigned to you` : `${label}「${titles[0]}」已分配给您`
      : en(locale) ? `${titles.length} ${plural.toLowerCase()} were assigned to you` : `${titles.length} 个${plural}已分配给您`;
  const shown = titles.length > 1 ? titles.slice(0, 5).join(en(locale) ? ', ' : '、') + (titles.length > 5 ? (en(locale) ? ' …' : ' 等') : '') : undefined;
  const body = [shown, byLine(locale, by)].filter(Boolean).join('\n') || undefined;
  return { title, body };
}

/** The summary of an import: 导入「客户.xlsx」：230 条线索已分配给您. */
export function importedText(locale: string, meta: ObjectMetadata, fileName: string, count: number, by: AssignedBy): AssignedNotice {
  const plural = en(locale) ? meta.pluralLabel.en.toLowerCase() : meta.pluralLabel.zh;
  return {
    title: en(locale) ? `Import "${fileName}": ${count} ${plural} assigned to you` : `导入「${fileName}」：${count} 条${plural}已分配给您`,
    body: byLine(locale, by),
  };
}
