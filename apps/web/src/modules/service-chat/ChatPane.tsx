import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Popconfirm, Space, Spin, Typography, Upload } from 'antd';
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

const kb = (size: number) => (size < 1024 * 1024 ? `${Math.max(1, Math.round(size / 1024))} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`);

/** A file sent in the chat: a picture shown (click for full size), anything else a download. */
function FileBody({ sessionId, file }: { sessionId: string; file: NonNullable<ChatMessage['file']> }) {
  const url = chatApi.fileUrl(sessionId, file.id);
  if (file.contentType.startsWith('image/'))
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" data-testid="chat-file">
        <img className="chat-image" src={url} alt={file.filename} />
      </a>
    );
  return (
    <a href={url} download={file.filename} data-testid="chat-file">
      <PaperClipOutlined /> {file.filename} <Typography.Text type="secondary">({kb(file.size)})</Typography.Text>
    </a>
  );
}

function Bubble({ m, visitor, sessionId }: { m: ChatMessage; visitor: string; sessionId: string }) {
  const { t } = useTranslation();
  if (m.author === 'system') return <div className="chat-system" data-testid="chat-message">{m.text}</div>;
  return (
    <div className={`chat-bubble ${m.author}`} data-testid="chat-message">
      <small>{m.author === 'visitor' ? visitor : (m.agentName ?? t('chat.agent'))} · {new Date(m.createdAt).toLocaleTimeString()}</small>
      <div>{m.file ? <FileBody sessionId={sessionId} file={m.file} /> : <Linked text={m.text} />}</div>
    </div>
  );
}

/** The visitor sees "typing…" while the agent types: one signal per 2 s at most. */
function useTypingSignal(id: string) {
  const last = useRef(0);
  return () => {
    if (Date.now() - last.current < 2_000) return;
    last.current = Date.now();
    chatApi.typing(id).catch(() => undefined);
  };
}

/** One chat the agent holds: the visitor, the conversation, the reply box with KB links, ending it. */
export function ChatPane({ id, visitorTyping = false }: { id: string; visitorTyping?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: chat } = useChatSession(id);
  const [draft, setDraft] = useState('');
  const log = useRef<HTMLDivElement>(null);
  const send = useChatAction((text: string) => chatApi.send(id, text));
  const end = useChatAction((createTicket: boolean) => chatApi.end(id, createTicket));
  const sendFile = useChatAction((file: File) => chatApi.sendFile(id, file));
  const typing = useTypingSignal(id);
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
        {chat.messages.map((m) => <Bubble key={m.id} m={m} visitor={visitor} sessionId={id} />)}
      </div>
      <div className="chat-typing" data-testid="chat-visitor-typing">{visitorTyping ? t('chat.visitorTyping', { name: visitor }) : ''}</div>
      {chat.status === 'active' ? (
        <div className="chat-composer">
          <Input.TextArea
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              if (e.target.value) typing();
            }}
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
            <Upload
              showUploadList={false}
              customRequest={({ file }) => sendFile.mutate(file as File, { onError: (e) => void message.error(e.message) })}
              data-testid="chat-attach"
            >
              <Button icon={<PaperClipOutlined />} loading={sendFile.isPending} data-testid="chat-attach-button">{t('chat.attach')}</Button>
            </Upload>
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
