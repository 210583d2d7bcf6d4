import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ChatSettingsPane } from '../../service-chat/ChatSettingsPane';
import { CalendarSettings } from './CalendarSettings';
import { CannedRepliesSettings } from './CannedRepliesSettings';
import { GroupsSettings } from './GroupsSettings';
import { MailboxSettings } from './MailboxSettings';
import { SlaPoliciesSettings } from './SlaPoliciesSettings';

/** Settings → 客服: support groups' members, SLA policies, the support calendar and canned replies, the support mailbox and live chat. */
export function ServiceSettings() {
  const { t } = useTranslation();
  // The open tab lives in the address (?tab=mailbox), so a link or a reload lands on it; on a phone the
  // seven tabs overflow and the last ones are otherwise reached only through the overflow menu.
  const [params, setParams] = useSearchParams();
  return (
    <Tabs
      activeKey={params.get('tab') ?? 'groups'}
      onChange={(tab) => setParams({ tab }, { replace: true })}
      items={[
        { key: 'groups', label: t('service.settings.groups'), children: <GroupsSettings /> },
        { key: 'sla', label: t('service.settings.sla'), children: <SlaPoliciesSettings /> },
        { key: 'calendar', label: t('service.settings.calendar'), children: <CalendarSettings /> },
        { key: 'canned', label: t('service.settings.canned'), children: <CannedRepliesSettings /> },
        { key: 'mailbox', label: t('service.settings.mailbox'), children: <MailboxSettings /> },
        { key: 'chat', label: t('chat.settings.tab'), children: <ChatSettingsPane /> },
      ]}
    />
  );
}
