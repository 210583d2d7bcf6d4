import { Button, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComposerAsideProps } from '../service/composerAsides';
import { useDebounced } from '../../shell/useDebounced';
import { publicLink, useKbSuggestions } from './api';

/** Published articles relevant to the ticket and the draft; one click puts a link or the text into the reply. */
export function KbSuggestions({ ticketId, draft, insert }: ComposerAsideProps) {
  const { t } = useTranslation();
  const q = useDebounced(draft.trim().slice(0, 500), 600);
  const { data = [], isLoading } = useKbSuggestions(ticketId, q);
  return (
    <div className="kb-suggestions" data-testid="kb-suggestions">
      <Typography.Text strong>{t('kb.suggestions')}</Typography.Text>
      {!isLoading && !data.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.noSuggestions')} />}
      <ul>
        {data.map((s) => (
          <li key={s.id} data-testid="kb-suggestion">
            <Typography.Text className="kb-suggestion-title">{s.title}</Typography.Text>
            {s.visibility === 'internal' && <Tag style={{ marginInlineStart: 4 }}>{t('kb.internal')}</Tag>}
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0 4px', fontSize: 13 }}>{s.excerpt}</Typography.Paragraph>
            <Space size={4} wrap>
              {s.url && <Button size="small" onClick={() => insert(`${s.title}: ${publicLink(s)}`)} data-testid="kb-insert-link">{t('kb.insertLink')}</Button>}
              <Button size="small" onClick={() => insert(s.text)} data-testid="kb-insert-text">{t('kb.insertText')}</Button>
            </Space>
          </li>
        ))}
      </ul>
    </div>
  );
}
