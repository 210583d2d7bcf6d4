import { Alert, App, Button, Input, Popconfirm, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { chatApi, useChatAction, useChatSession, type ChatMessage } from './api';
import { KbLinkPicker } from './KbLinkPicker';

/** Text with http(s) links made clickable; everything else stays text. */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return <>{parts.map((p, i) => (i % 2 ? <a key={i} href={p} target="_blank" rel="noopener noreferrer">{p}</a> : p))}</>;
}

function Bubble({ m, visitor }: { m: ChatMessage; visitor: string }) {
  const { t } = useTranslation();
  if (m.author === 'system') return <div className="chat-system" data-testid="chat-message">{m.text}</div>;
  return (
    <div className={`chat-bubble ${m.author}`} data-testid="chat-message">
      <small>{m.author === 'visitor' ? visitor : (m.agentName ?? t('chat.agent'))} · {new Date(m.createdAt).toLocaleTimeString()}</small>
      <div><Linked text={m.text} /></div>
    </div>
  );
}

/** One chat the agent holds: the visitor, the conversation, the reply box with KB links, ending it. */
export function ChatPane({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: chat } = useChatSession(id);
  const [draft, setDraft] = useState('');
  const log = useRef<HTMLDivElement>(null);
  const send = useChatAction((text: string) => chatApi.send(id, text));
  const end = useChatAction((createTicket: boolean) => chatApi.end(id, createTicket));
  const count = chat?.messages.length ?? 0;
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [count]);
  if (!chat) return <Spin />;
  const visitor = chat.visitorName || chat.visitorEmail || t('chat.visitor');
  const submit = () => {
    const text = draft.trim();
    if (!text) return;
    send.mutate(text, { onSuccess: () => setDraft(''), onError: (e) => void message.error(e.message) });
  };
  const finish = (createTicket: boolean) =>
    end.mutate(createTicket, {
      onSuccess: (res) => void message.success(res.data.ticketNumber ? t('chat.endedTicket', { number: res.data.ticketNumber }) : t('chat.ended')),
      onError: (e) => void message.error(e.message),
    });
  return (
    <div className="chat-pane" data-testid={`chat-pane-${id}`}>
      <div className="chat-visitor">
        <Typography.Text strong className="chat-visitor-name">{visitor}</Typography.Text>
        {chat.visitorEmail && <Typography.Text type="secondary">{chat.visitorEmail}</Typography.Text>}
        {chat.contactId && <Link to={`/o/contacts/${chat.contactId}`}>{t('chat.contact')}</Link>}
        {chat.pageUrl && <Typography.Text type="secondary" ellipsis className="chat-page">{t('chat.page')}: {chat.pageUrl}</Typography.Text>}
      </div>
      {!chat.visitorEmail && <Alert type="info" showIcon message={t('chat.noEmail')} style={{ marginBottom: 8 }} />}
      <div className="chat-log" ref={log} data-testid="chat-log">
        {chat.messages.map((m) => <Bubble key={m.id} m={m} visitor={visitor} />)}
      </div>
      {chat.status === 'active' ? (
        <div className="chat-composer">
          <Input.TextArea
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            placeholder={t('chat.placeholder')}
            onPressEnter={(e) => {
              if (e.shiftKey || e.nativeEvent.isComposing) return;
              e.preventDefault();
              submit();
            }}
            data-testid="chat-input"
          />
          <Space wrap className="chat-actions">
            <Button type="primary" onClick={submit} loading={send.isPending} data-testid="chat-send">{t('chat.send')}</Button>
            <KbLinkPicker insert={(text) => setDraft((d) => (d ? `${d}\n${text}` : text))} />
            <Popconfirm title={t('chat.endConfirm')} onConfirm={() => finish(false)}><Button data-testid="chat-end">{t('chat.end')}</Button></Popconfirm>
            <Popconfirm title={t('chat.endTicketConfirm')} onConfirm={() => finish(true)}><Button data-testid="chat-end-ticket">{t('chat.endTicket')}</Button></Popconfirm>
          </Space>
        </div>
      ) : (
        <Alert type="warning" message={t(`chat.status.${chat.status}`)} />
      )}
    </div>
  );
}
