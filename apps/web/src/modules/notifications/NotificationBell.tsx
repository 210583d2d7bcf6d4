import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Grid, Popover, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMarkAllRead, useMarkRead, useNotificationList, useUnreadCount, type AppNotification } from './api';
import { useNotificationStream } from './useNotificationStream';

dayjs.extend(relativeTime);

function NotificationItem({ n, onOpen }: { n: AppNotification; onOpen: (n: AppNotification) => void }) {
  const unread = !n.read_at;
  return (
    <div
      role="button"
      tabIndex={0}
      className={`crm-notification${unread ? ' unread' : ''}`}
      data-testid="notification-item"
      data-unread={unread}
      onClick={() => onOpen(n)}
      onKeyDown={(e) => e.key === 'Enter' && onOpen(n)}
    >
      <Badge status={unread ? 'processing' : 'default'} style={{ visibility: unread ? 'visible' : 'hidden', marginTop: 2 }} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="crm-notification-title">{n.title}</div>
        {n.body && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 13 }}>{n.body}</Typography.Paragraph>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }} title={dayjs(n.created_at).format('YYYY-MM-DD HH:mm')}>{dayjs(n.created_at).fromNow()}</Typography.Text>
      </div>
    </div>
  );
}

/** The header bell: unread badge, the latest notifications, mark read; kept live by the SSE stream. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const list = useNotificationList(20);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const live = useNotificationStream();

  const openItem = (n: AppNotification) => {
    if (!n.read_at) markRead.mutate(n.id);
    if (!n.link) return;
    setOpen(false);
    if (n.link.startsWith('/')) navigate(n.link);
    else window.open(n.link, '_blank', 'noopener');
  };

  const count = unread.data ?? 0;
  const items = list.data?.data ?? [];
  const content = (
    <div style={{ width: phone ? '100%' : 360 }} data-testid="notification-panel">
      <div style={{ display: 'flex', alignItems: 'center', padding: '4px 4px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong style={{ flex: 1 }}>{t('notifications.title')}</Typography.Text>
        <Button size="small" type="link" icon={<CheckOutlined />} disabled={!count} loading={markAll.isPending} onClick={() => markAll.mutate()} data-testid="notification-read-all">
          {t('notifications.markAllRead')}
        </Button>
      </div>
      <div style={{ maxHeight: phone ? 'calc(100vh - 160px)' : 420, overflowY: 'auto' }}>
        {list.isLoading ? (
          <div style={{ padding: 24, textAlign: 'center' }}><Spin /></div>
        ) : items.length ? (
          items.map((n) => <NotificationItem key={n.id} n={n} onOpen={openItem} />)
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
        )}
      </div>
      <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 6, textAlign: 'center' }}>
        <Button size="small" type="link" onClick={() => { setOpen(false); navigate('/account/notifications'); }}>{t('notifications.preferences')}</Button>
      </div>
    </div>
  );

  const bell = (
    <Button type="text" aria-label={t('notifications.title')} data-testid="notification-bell" data-live={live} style={{ paddingInline: 8 }} onClick={phone ? () => setOpen(true) : undefined}>
      <Badge count={count} size="small" overflowCount={99} data-testid="notification-badge">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
  // A popover would not fit beside the bell on a phone: the list slides in full width from the top.
  if (phone) {
    return (
      <>
        {bell}
        <Drawer open={open} onClose={() => setOpen(false)} placement="top" size="auto" closable={false} styles={{ body: { padding: 8 } }}>
          {content}
        </Drawer>
      </>
    );
  }
  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false} styles={{ container: { padding: 8 } }}>
      {bell}
    </Popover>
  );
}
