import { Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../api/auth';
import { EmailSettings } from '../notifications/EmailSettings';
import { DuplicateRulesSettings } from '../duplicates/DuplicateRulesSettings';
import { BackupSettings } from '../backup/BackupSettings';
import { AutomationSettings } from '../automation/AutomationSettings';
import { AuditLogSettings } from './AuditLogSettings';
import { FieldsSettings } from './FieldsSettings';
import { RolesSettings } from './RolesSettings';
import { TeamsSettings } from './TeamsSettings';
import { UsersSettings } from './UsersSettings';

/** Settings tabs in order; the label is the i18n key `settings.<key>`. A new section adds one line. */
const SECTIONS: { key: string; pane: () => React.ReactNode }[] = [
  { key: 'users', pane: () => <UsersSettings /> },
  { key: 'teams', pane: () => <TeamsSettings /> },
  { key: 'roles', pane: () => <RolesSettings /> },
  { key: 'fields', pane: () => <FieldsSettings /> },
  { key: 'audit', pane: () => <AuditLogSettings /> },
  { key: 'email', pane: () => <EmailSettings /> },
  { key: 'duplicates', pane: () => <DuplicateRulesSettings /> },
  { key: 'backups', pane: () => <BackupSettings /> },
  { key: 'automation', pane: () => <AutomationSettings /> },
];

/** /settings/:section — administration, admins only (the server enforces it too). */
export default function SettingsPage() {
  const { t } = useTranslation();
  const { section = 'users' } = useParams();
  const navigate = useNavigate();
  const { data: me } = useMe();
  if (!me?.permissions.admin) return <Result status="403" title={t('settings.adminOnly')} />;
  return (
    <div className="crm-page">
      <Tabs
        activeKey={section}
        onChange={(key) => navigate(`/settings/${key}`)}
        items={SECTIONS.map(({ key, pane }) => ({ key, label: <span data-testid={`settings-tab-${key}`}>{t(`settings.${key}`)}</span>, children: pane() }))}
      />
    </div>
  );
}
