import { BookOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Input, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client';
import { publicLink, type KbSuggestion } from '../service-kb/api';

/** Search the knowledge base; a click puts a public article's title and link into the reply. */
export function KbLinkPicker({ insert }: { insert: (text: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const { data = [], isFetching } = useQuery({
    queryKey: ['kb', 'chat-search', q],
    enabled: q.length > 0,
    queryFn: async () => (await get<{ data: KbSuggestion[] }>('/api/v1/kb/suggest', { q, limit: 8 })).data.filter((s) => s.url),
  });
  const content = (
    <div className="chat-kb" data-testid="chat-kb">
      <Input.Search allowClear placeholder={t('chat.kbSearch')} onSearch={(v) => setQ(v.trim())} loading={isFetching} data-testid="chat-kb-search" />
      {q && !isFetching && !data.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chat.kbNone')} />
      ) : (
        <List
          size="small"
          dataSource={data}
          renderItem={(s) => (
            <List.Item
              data-testid="chat-kb-item"
              onClick={() => {
                insert(`${s.title}: ${publicLink(s)}`);
                setOpen(false);
              }}
            >
              <div>
                <Typography.Text strong>{s.title}</Typography.Text>
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>{s.excerpt}</Typography.Paragraph>
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover trigger="click" open={open} onOpenChange={setOpen} content={content} title={t('chat.kbTitle')} placement="topLeft">
      <Button icon={<BookOutlined />} data-testid="chat-kb-open">{t('chat.kbButton')}</Button>
    </Popover>
  );
}
