import { AimOutlined, BarChartOutlined, CommentOutlined, DashboardOutlined, EditOutlined, FileTextOutlined, FundOutlined, GlobalOutlined, InboxOutlined, LineChartOutlined, MergeCellsOutlined, RiseOutlined, SettingOutlined, SmileOutlined } from '@ant-design/icons';
import { Menu, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '../api/auth';
import { useObjects } from '../api/meta';
import { managesService } from '../modules/service/settings/access';
import { readsSurveys } from '../modules/service-surveys/api';
import { readsScoringRules } from '../modules/marketing-scoring/api';
import { readsSites } from '../modules/marketing-tracking/access';
import { ChatNavLabel } from '../modules/service-chat/ChatNavLabel';
import { useLabel } from '../i18n';
import { groupOf, NAV_GROUPS, type NavGroup } from './navGroups';
import { objectIcon } from './navIcons';

type MenuItem = NonNullable<MenuProps['items']>[number];

interface NavItem {
  key: string;
  icon: React.ReactNode;
  label: React.ReactNode;
  [data: `data-${string}`]: string;
}

/** Lines and price entries are reached from their quote, order or price book, not from the menu. */
const CHILD_OBJECTS = new Set(['price_book_entries', 'quote_line_items', 'order_line_items', 'campaign_costs', 'campaign_members']);

/** Home, then sections: one entry per object the user may read (from metadata), the pages built on them, settings for admins. */
export function NavMenu({ onNavigate, iconsOnly = false }: { onNavigate?: () => void; iconsOnly?: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data: objects = [] } = useObjects();
  const { data: me } = useMe();

  const readable = (name: string) => objects.some((o) => o.name === name && o.access.read !== 'none');
  const pages: Record<NavGroup['key'], NavItem[]> = { customers: [], sales: [], insights: [], work: [], catalogue: [], admin: [], service: [], marketing: [] };
  for (const o of objects) {
    if (o.access.read === 'none' || CHILD_OBJECTS.has(o.name)) continue;
    pages[groupOf(o.name)].push({ key: `/o/${o.name}`, icon: objectIcon(o.name), label: label(o.pluralLabel), 'data-testid': `nav-${o.name}` });
  }
  if (readable('customers') || readable('leads')) pages.customers.push({ key: '/pool', icon: <InboxOutlined />, label: t('nav.pool'), 'data-testid': 'nav-pool' });
  if (readable('deals')) {
    pages.insights.push(
      { key: '/forecast', icon: <LineChartOutlined />, label: t('forecast.title'), 'data-testid': 'nav-forecast' },
      { key: '/sales/dashboard', icon: <BarChartOutlined />, label: t('salesReports.navDashboard'), 'data-testid': 'nav-sales-dashboard' },
      { key: '/sales/reports', icon: <FileTextOutlined />, label: t('salesReports.navReports'), 'data-testid': 'nav-sales-reports' },
    );
  }
  if (readable('campaigns')) pages.marketing.push({ key: '/marketing/campaigns/report', icon: <FundOutlined />, label: t('campaigns.nav'), 'data-testid': 'nav-campaign-report' });
  if (readsSites(me?.permissions)) pages.marketing.push({ key: '/marketing/tracking', icon: <GlobalOutlined />, label: t('tracking.nav'), 'data-testid': 'nav-tracking' });
  if (readsScoringRules(me?.permissions)) pages.marketing.push({ key: '/marketing/scoring', icon: <AimOutlined />, label: t('scoring.nav'), 'data-testid': 'nav-lead-scoring' });
  if (readable('customers')) pages.marketing.push({ key: '/marketing/value', icon: <RiseOutlined />, label: t('customerValue.nav'), 'data-testid': 'nav-customer-value' });
  if (readable('tickets')) pages.service.push({ key: '/service/dashboard', icon: <BarChartOutlined />, label: t('serviceReports.nav'), 'data-testid': 'nav-service-dashboard' });
  if (readable('tickets')) pages.service.push({ key: '/service/chat', icon: <CommentOutlined />, label: <ChatNavLabel />, 'data-testid': 'nav-service-chat' });
  if (readsSurveys(me?.permissions)) pages.service.push({ key: '/service/surveys', icon: <SmileOutlined />, label: t('surveys.nav'), 'data-testid': 'nav-surveys' });
  if (objects.some((o) => o.name === 'kb_articles' && o.access.create !== 'none')) pages.service.push({ key: '/kb/new', icon: <EditOutlined />, label: t('kb.new'), 'data-testid': 'nav-kb-new' });
  if (objects.length) pages.admin.push({ key: '/duplicates', icon: <MergeCellsOutlined />, label: t('duplicates.nav'), 'data-testid': 'nav-duplicates' });
  if (me?.permissions.admin) pages.admin.push({ key: '/settings', icon: <SettingOutlined />, label: t('nav.settings'), 'data-testid': 'nav-settings' });
  else if (managesService(me?.permissions)) pages.admin.push({ key: '/settings/service', icon: <SettingOutlined />, label: t('nav.settings'), 'data-testid': 'nav-settings' });

  const pageItems = Object.values(pages).flat();
  const items = [
    { key: '/', icon: <DashboardOutlined />, label: t('nav.home') },
    // An icon-only sider has no room for section titles: a line separates the sections.
    ...NAV_GROUPS.filter((g) => pages[g.key].length).flatMap<MenuItem>((g) =>
      iconsOnly
        ? [{ type: 'divider' as const, key: `group-${g.key}` }, ...pages[g.key]]
        : [{ type: 'group' as const, key: `group-${g.key}`, label: t(`nav.groups.${g.key}`), children: pages[g.key] }],
    ),
  ];
  const selected =
    pathname === '/' ? '/' : pathname.startsWith('/deals/board') ? '/o/deals' : (pageItems.find((i) => pathname.startsWith(i.key))?.key ?? '');

  return (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      style={{ borderInlineEnd: 0 }}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}
