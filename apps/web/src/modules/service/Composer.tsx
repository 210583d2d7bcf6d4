import { Alert, App, Button, Input, Mentions, Segmented, Select, Space, type UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useUsers } from '../../api/users';
import { serviceApi, useCannedReplies } from './api';
import { composerAsides } from './composerAsides';
import { AttachmentPicker, encodeFiles } from './AttachmentPicker';

type Kind = 'reply' | 'note';
const PRESENCE_EVERY_MS = 20_000; // the server keeps a "replying" mark for 30 s

/**
 * Reply (e-mailed to the contact) or internal note (@mentions notify colleagues). Says who else is
 * replying, and when the server refuses because a newer message arrived, lets the agent reload or send anyway.
 */
export function Composer({ ticketId, lastSeenMessageId, onSent, onReload }: { ticketId: string; lastSeenMessageId: string | null; onSent: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: users = [] } = useUsers();
  const { data: canned = [] } = useCannedReplies();
  const [kind, setKind] = useState<Kind>('reply');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [mentioned, setMentioned] = useState<Record<string, string>>({});
  const [others, setOthers] = useState<{ id: string; name: string }[]>([]);
  const [conflict, setConflict] = useState(false);
  const [sending, setSending] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const typing = text.trim().length > 0;

  // While there is a draft, keep saying "I am replying" and learn who else is.
  const ticking = useRef<number>(undefined);
  useEffect(() => {
    if (!typing) return;
    const mark = () => serviceApi.replying(ticketId).then((r) => setOthers(r.data.others), () => undefined);
    void mark();
    ticking.current = window.setInterval(mark, PRESENCE_EVERY_MS);
    return () => {
      window.clearInterval(ticking.current);
      void serviceApi.stopReplying(ticketId).catch(() => undefined);
      setOthers([]);
    };
  }, [typing, ticketId]);

  const send = async (force: boolean) => {
    setSending(true);
    try {
      const mentions = kind === 'note' ? Object.entries(mentioned).filter(([name]) => text.includes(`@${name}`)).map(([, id]) => id) : [];
      const attachments = await encodeFiles(files);
      const result = await serviceApi.send(ticketId, { kind, text, lastSeenMessageId, force, mentions, status, attachments });
      message.success(kind === 'note' ? t('service.noteAdded') : result.data.mailed ? t('service.replyMailed') : t('service.replySaved'));
      setText('');
      setMentioned({});
      setStatus(undefined);
      setFiles([]);
      setConflict(false);
      onSent();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(true);
      else message.error((e as Error).message);
    } finally {
      setSending(false);
    }
  };

  const insertCanned = async (replyId: string) => {
    try {
      const rendered = await serviceApi.renderCanned(ticketId, replyId);
      insert(rendered.data.text);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const insert = (added: string) => setText((current) => (current.trim() ? `${current}\n\n${added}` : added));
  const asides = composerAsides();

  return (
    <div className="service-composer-wrap">
    <div className={`service-composer service-composer-${kind}`} data-testid="composer">
      {others.length > 0 && <Alert type="warning" showIcon message={t('service.othersReplying', { names: others.map((o) => o.name).join('、') })} data-testid="composer-others" />}
      {conflict && (
        <Alert
          type="error"
          showIcon
          message={t('service.newerMessage')}
          data-testid="composer-conflict"
          action={
            <Space direction="vertical">
              <Button size="small" onClick={() => { setConflict(false); onReload(); }} data-testid="composer-reload">{t('service.reload')}</Button>
              <Button size="small" danger onClick={() => void send(true)} data-testid="composer-force">{t('service.sendAnyway')}</Button>
            </Space>
          }
        />
      )}
      <Space wrap className="service-composer-bar">
        <Segmented<Kind>
          value={kind}
          onChange={setKind}
          options={[{ value: 'reply', label: <span data-testid="composer-kind-reply">{t('service.kind.reply')}</span> }, { value: 'note', label: <span data-testid="composer-kind-note">{t('service.kind.note')}</span> }]}
        />
        <Select
          placeholder={t('service.cannedPick')}
          value={null}
          style={{ minWidth: 160 }}
          options={canned.map((c) => ({ value: c.id, label: c.title }))}
          onChange={(id: string) => void insertCanned(id)}
          notFoundContent={t('service.cannedNone')}
          data-testid="composer-canned"
        />
      </Space>
      {kind === 'note' ? (
        <Mentions
          rows={4}
          value={text}
          onChange={setText}
          placeholder={t('service.notePlaceholder')}
          options={users.filter((u) => u.active).map((u) => ({ value: u.name, label: u.name, key: u.id }))}
          onSelect={(option) => option.value && option.key && setMentioned((m) => ({ ...m, [option.value!]: String(option.key) }))}
          data-testid="composer-text"
        />
      ) : (
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('service.replyPlaceholder')} data-testid="composer-text" />
      )}
      <AttachmentPicker files={files} onChange={setFiles} />
      <Space wrap className="service-composer-bar">
        <Select
          allowClear
          placeholder={t('service.statusAfter')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 180 }}
          options={['open', 'pending_customer', 'solved'].map((s) => ({ value: s, label: t(`service.statusTo.${s}`) }))}
          data-testid="composer-status"
        />
        <Button type="primary" loading={sending} disabled={!typing} onClick={() => void send(false)} data-testid="composer-send">
          {t(kind === 'note' ? 'service.addNote' : 'service.sendReply')}
        </Button>
      </Space>
    </div>
      {asides.length > 0 && (
        <aside className="service-composer-aside">
          {asides.map(({ key, Panel }) => <Panel key={key} ticketId={ticketId} draft={text} insert={insert} />)}
        </aside>
      )}
    </div>
  );
}
