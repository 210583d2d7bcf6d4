import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n';

const COLOR = { exact: 'red', pinyin: 'orange', fuzzy: 'gold' } as const;

/** "邮箱 · 完全相同" tags: which rule matched, and how. */
export function MatchTags({ matches }: { matches: { rule: string; label: { zh: string; en: string }; how: 'exact' | 'pinyin' | 'fuzzy'; similarity?: number }[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <>
      {matches.map((m) => (
        <Tag key={`${m.rule}-${m.how}`} color={COLOR[m.how]} style={{ marginInlineEnd: 4, whiteSpace: 'normal' }}>
          {label(m.label)} · {t(`duplicates.how.${m.how}`)}
          {m.how === 'fuzzy' && m.similarity !== undefined ? ` ${Math.round(m.similarity * 100)}%` : ''}
        </Tag>
      ))}
    </>
  );
}
