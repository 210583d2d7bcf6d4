import { Card } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { PageLoading } from '../../shell/PageLoading';
import { messagesKey, useTicketMessages } from './api';
import { Composer } from './Composer';
import { Conversation } from './Conversation';

/** The ticket's conversation with the composer below it; a send refreshes the messages and the ticket (status, SLA). */
export function TicketConversation({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const messages = useTicketMessages(record.id);
  const list = messages.data ?? [];
  const refresh = () => {
    void client.invalidateQueries({ queryKey: messagesKey(record.id) });
    void client.invalidateQueries({ queryKey: ['records'] });
  };
  return (
    <Card title={t('service.conversation')} style={{ marginBottom: 16 }} data-testid="ticket-conversation">
      {messages.isLoading ? <PageLoading /> : <Conversation ticketId={record.id} messages={list} maySplit={meta.access.update !== 'none' && !record.merged_into_id} />}
      <Composer ticketId={record.id} lastSeenMessageId={list.at(-1)?.id ?? null} onSent={refresh} onReload={refresh} />
    </Card>
  );
}
