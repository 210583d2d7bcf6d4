import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { useChatSessions } from './api';
import { attentionCount, useSeen } from './unread';

/** The nav item of the chat console with the number that wants attention: waiting chats and unread messages. */
export function ChatNavLabel() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { data: sessions = [] } = useChatSessions({ poll: true });
  const count = attentionCount(sessions, me?.user.id, useSeen());
  return (
    <span className="chat-nav-label">
      {t('chat.nav')}
      <Badge count={count} size="small" offset={[6, -2]} data-testid="nav-chat-count" title={t('chat.navCount', { count })} />
    </span>
  );
}
