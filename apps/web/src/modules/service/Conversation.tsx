import { PaperClipOutlined, WarningOutlined } from '@ant-design/icons';
import { Empty, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { serviceApi, type TicketMessage } from './api';
import { SplitMessageButton } from './merge/SplitMessageButton';

/** The conversation, oldest first: customer mail on the left, our replies on the right, internal notes in yellow. */
export function Conversation({ ticketId, messages, maySplit }: { ticketId: string; messages: TicketMessage[]; maySplit: boolean }) {
  const { t } = useTranslation();
  if (!messages.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.noMessages')} data-testid="conversation-empty" />;
  return (
    <ol className="service-conversation" data-testid="conversation">
      {messages.map((m) => (
        <li key={m.id} className={`service-message service-${m.kind} service-${m.direction}`} data-testid={`message-${m.kind}`}>
          <div className="service-message-head">
            <Typography.Text strong>{m.author.name || m.author.email || t('service.unknownAuthor')}</Typography.Text>
            {m.kind === 'note' ? <Tag color="gold">{t('service.internalNote')}</Tag> : <Tag color={m.direction === 'in' ? 'blue' : 'green'}>{t(`service.direction.${m.direction}`)}</Tag>}
            <Typography.Text type="secondary">{dayjs(m.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
            {maySplit && messages.length > 1 && <SplitMessageButton ticketId={ticketId} messageId={m.id} />}
          </div>
          <div className="service-message-text">{m.text}</div>
          {m.attachments.map((a) => (
            <a key={a.id} href={serviceApi.attachmentUrl(ticketId, a.id)} download={a.filename} className="service-attachment">
              <PaperClipOutlined /> {a.filename} ({Math.ceil(a.size / 1024)} KB)
            </a>
          ))}
          {m.droppedAttachments.map((d, i) => (
            <Typography.Text key={i} type="warning" className="service-attachment">
              <WarningOutlined /> {t('service.dropped', { name: d.filename ?? '?', reason: d.reason ?? '' })}
            </Typography.Text>
          ))}
        </li>
      ))}
    </ol>
  );
}
