import { Badge, Button, Card, Empty, List, Space, Switch, Tabs, Tag, Typography, App } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { chatApi, useAvailability, useChatAction, useChatSessions, useSetAvailability, type ChatSession } from './api';
import { ChatPane } from './ChatPane';
import { markSeen, unreadOf, useSeen } from './unread';
import { useChatStream } from './useChatStream';
import './chat.css';

const since = (iso: string) => Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60_000));

/** 在线客服 console: availability, the queue of waiting chats, and the agent's chats side by side in tabs with unread counts. */
export default function ChatConsolePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const { live, typing } = useChatStream();
  const { data: availability } = useAvailability();
  const setAvailability = useSetAvailability();
  const { data: sessions = [] } = useChatSessions();
  const seen = useSeen();
  const accept = useChatAction((id: string) => chatApi.accept(id));
  const waiting = sessions.filter((s) => s.status === 'waiting');
  const mine = sessions.filter((s) => s.status === 'active' && s.agentId === me?.user.id);
  const [tab, setTab] = useState<string>();
  useEffect(() => {
    if (mine.length && !mine.some((s) => s.id === tab)) setTab(mine[mine.length - 1].id);
  }, [mine, tab]);
  // The open tab's messages are read while the page is in view.
  const open = mine.find((s) => s.id === tab);
  useEffect(() => {
    if (!open) return;
    const mark = () => document.visibilityState === 'visible' && markSeen(open);
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [open]);

  const title = (s: ChatSession) => s.visitorName || s.visitorEmail || t('chat.visitor');
  return (
    <div className="crm-page chat-console" data-testid="chat-console">
      <Space className="chat-head" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('chat.title')}</Typography.Title>
        <Switch checked={!!availability?.online} loading={setAvailability.isPending} onChange={(on) => setAvailability.mutate(on)} checkedChildren={t('chat.online')} unCheckedChildren={t('chat.away')} data-testid="chat-availability" />
        <Badge status={live ? 'success' : 'default'} text={live ? t('chat.live') : t('chat.connecting')} />
      </Space>
      <div className="chat-columns">
        <Card size="small" className="chat-queue" title={<Space>{t('chat.queue')}<Badge count={waiting.length} showZero color={waiting.length ? '#fa541c' : '#bfbfbf'} /></Space>} data-testid="chat-queue">
          <List
            dataSource={waiting}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={availability?.online ? t('chat.queueEmpty') : t('chat.goOnline')} /> }}
            renderItem={(s) => (
              <List.Item data-testid="chat-queue-item" actions={[<Button key="accept" type="primary" size="small" loading={accept.isPending && accept.variables === s.id} onClick={() => accept.mutate(s.id, { onSuccess: () => setTab(s.id), onError: (e) => void message.error(e.message) })} data-testid="chat-accept">{t('chat.accept')}</Button>]}>
                <List.Item.Meta
                  title={<Typography.Text ellipsis className="chat-queue-name">{title(s)}</Typography.Text>}
                  description={
                    <>
                      {s.groupName && <Tag color="blue" className="chat-group-tag" data-testid="chat-queue-group">{s.groupName}</Tag>}
                      <Typography.Text type="secondary" ellipsis style={{ display: 'block' }}>{s.lastMessage}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('chat.waitingFor', { minutes: since(s.startedAt) })}</Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" className="chat-tabs">
          {mine.length ? (
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={mine.map((s) => ({
                key: s.id,
                label: (
                  <Badge count={s.id === tab ? 0 : unreadOf(s, seen)} size="small" offset={[6, -2]} data-testid="chat-tab-unread">
                    <span data-testid="chat-tab">{title(s)}{typing.has(s.id) && <span className="chat-tab-typing"> · {t('chat.typingShort')}</span>}</span>
                  </Badge>
                ),
                children: <ChatPane id={s.id} visitorTyping={typing.has(s.id)} />,
              }))}
            />
          ) : (
            <Empty description={t('chat.noChats')} />
          )}
        </Card>
      </div>
      {sessions.some((s) => s.status === 'active' && s.agentId !== me?.user.id) && (
        <Card size="small" title={t('chat.others')} style={{ marginTop: 12 }}>
          {sessions.filter((s) => s.status === 'active' && s.agentId !== me?.user.id).map((s) => <Tag key={s.id}>{title(s)} · {s.agentName}</Tag>)}
        </Card>
      )}
    </div>
  );
}
