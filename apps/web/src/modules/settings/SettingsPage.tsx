import { Grid, Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../api/auth';
import { EmailSettings } from '../notifications/EmailSettings';
import { DuplicateRulesSettings } from '../duplicates/DuplicateRulesSettings';
import { BackupSettings } from '../backup/BackupSettings';
import { AutomationSettings } from '../automation/AutomationSettings';
import { WebFormsSettings } from '../web-forms/WebFormsSettings';
import { PoolCapsSettings } from '../pool/PoolCapsSettings';
import { AuditLogSettings } from './AuditLogSettings';
import { FieldsSettings } from './FieldsSettings';
import { RolesSettings } from './RolesSettings';
import { TeamsSettings } from './TeamsSettings';
import { UsersSettings } from './UsersSettings';
import CompanySettings from '../quotes/CompanySettings';
import { PipelinesSettings } from '../pipelines/PipelinesSettings';
import { CurrencySettings } from '../currency/CurrencySettings';
import { ServiceSettings } from '../service/settings/ServiceSettings';
import { managesService } from '../service/settings/access';
import type { RolePermissions } from '@crm/schema';

/** Settings tabs in order; the label is the i18n key `settings.<key>`. A new section adds one line. */
const SECTIONS: { key: string; pane: () => React.ReactNode; allow?: (p: RolePermissions) => boolean }[] = [
  { key: 'users', pane: () => <UsersSettings /> },
  { key: 'teams', pane: () => <TeamsSettings /> },
  { key: 'roles', pane: () => <RolesSettings /> },
  { key: 'fields', pane: () => <FieldsSettings /> },
  { key: 'audit', pane: () => <AuditLogSettings /> },
  { key: 'email', pane: () => <EmailSettings /> },
  { key: 'duplicates', pane: () => <DuplicateRulesSettings /> },
  { key: 'backups', pane: () => <BackupSettings /> },
  { key: 'automation', pane: () => <AutomationSettings /> },
  { key: 'webForms', pane: () => <WebFormsSettings /> },
  { key: 'pool', pane: () => <PoolCapsSettings /> },
  { key: 'company', pane: () => <CompanySettings /> },
  { key: 'currency', pane: () => <CurrencySettings /> },
  { key: 'pipelines', pane: () => <PipelinesSettings /> },
  { key: 'service', pane: () => <ServiceSettings />, allow: managesService },
];

/** /settings/:section — administration: admins see every section, others those a section allows them (the server enforces it too). */
export default function SettingsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const sections = SECTIONS.filter((s) => me?.permissions.admin || (me && s.allow?.(me.permissions)));
  const { section = sections[0]?.key ?? 'users' } = useParams();
  const navigate = useNavigate();
  // Fifteen sections do not fit in a row of tabs: a column on wide screens, a scrolling row on phones.
  const wide = Grid.useBreakpoint().lg === true;
  if (!sections.some((s) => s.key === section)) return <Result status="403" title={t('settings.adminOnly')} />;
  return (
    <div className="crm-page">
      <Tabs
        tabPosition={wide ? 'left' : 'top'}
        activeKey={section}
        onChange={(key) => navigate(`/settings/${key}`)}
        items={sections.map(({ key, pane }) => ({ key, label: <span data-testid={`settings-tab-${key}`}>{t(`settings.${key}`)}</span>, children: pane() }))}
      />
    </div>
  );
}
