import { DashboardOutlined, MergeCellsOutlined, SettingOutlined } from '@ant-design/icons';
import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '../api/auth';
import { useObjects } from '../api/meta';
import { useLabel } from '../i18n';
import { objectIcon } from './navIcons';

/** Home, one entry per object the user may read (from metadata), and settings for admins. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { data: objects = [] } = useObjects();
  const { data: me } = useMe();

  const items = [
    { key: '/', icon: <DashboardOutlined />, label: t('nav.home') },
    ...objects
      .filter((o) => o.access.read !== 'none')
      .map((o) => ({ key: `/o/${o.name}`, icon: objectIcon(o.name), label: label(o.pluralLabel), 'data-testid': `nav-${o.name}` })),
    ...(objects.length ? [{ key: '/duplicates', icon: <MergeCellsOutlined />, label: t('duplicates.nav'), 'data-testid': 'nav-duplicates' }] : []),
    ...(me?.permissions.admin ? [{ key: '/settings', icon: <SettingOutlined />, label: t('nav.settings'), 'data-testid': 'nav-settings' }] : []),
  ];
  const selected =
    pathname === '/' ? '/' : pathname.startsWith('/deals/board') ? '/o/deals' : (items.find((i) => i.key !== '/' && pathname.startsWith(i.key))?.key ?? '');

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
