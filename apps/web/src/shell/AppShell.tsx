import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Result, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/auth';
import { ChangePasswordModal } from './ChangePasswordModal';
import { ApiError } from '../api/client';
import { useObjects } from '../api/meta';
import { setLocale, storedLocale } from '../i18n';
import { NotificationBell } from '../modules/notifications/NotificationBell';
import { GlobalSearch } from './GlobalSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { NavMenu } from './NavMenu';
import { PageLoading } from './PageLoading';
import { UserMenu } from './UserMenu';

/** Signed-in layout: sider navigation (a drawer on phones), header with search, language and user menu. */
export function AppShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  // Tablets get an icon-only sider.
  const narrow = !phone && screens.lg === false;
  const [drawer, setDrawer] = useState(false);
  const me = useMe();
  const objects = useObjects();

  // The account's language wins over the browser's remembered one after signing in.
  useEffect(() => {
    const locale = me.data?.user.locale;
    if (locale && locale !== storedLocale()) setLocale(locale);
  }, [me.data?.user.locale]);

  if (me.error instanceof ApiError && me.error.status === 401) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.error) return <Result status="error" title={t('error.loadFailed')} subTitle={me.error.message} />;
  if (!me.data || objects.isLoading) return <PageLoading />;
  // The server refuses every write until then; nothing else is shown meanwhile.
  if (me.data.user.must_change_password) return <ChangePasswordModal open forced onClose={() => undefined} />;

  const brand = (
    <Link to="/" style={{ display: 'block', padding: '16px 20px', fontSize: 18, fontWeight: 600, color: '#1668dc', whiteSpace: 'nowrap' }}>
      {narrow ? 'CRM' : t('app.name')}
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100%' }}>
      {!phone && (
        <Layout.Sider theme="light" width={200} collapsed={narrow} collapsedWidth={64} trigger={null} style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          {brand}
          <NavMenu iconsOnly={narrow} />
        </Layout.Sider>
      )}
      <Drawer open={phone && drawer} placement="left" size={240} onClose={() => setDrawer(false)} styles={{ body: { padding: 0 } }} title={t('app.name')}>
        <NavMenu onNavigate={() => setDrawer(false)} />
      </Drawer>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header style={{ background: '#fff', padding: phone ? '0 8px' : '0 24px', display: 'flex', alignItems: 'center', gap: 8, borderBottom: '1px solid #f0f0f0', height: 56, lineHeight: 'normal' }}>
          {phone && <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} data-testid="nav-toggle" aria-label={t('nav.menu')} />}
          <div style={{ flex: 1, minWidth: 0, display: 'flex' }}>
            <GlobalSearch width={phone ? '100%' : 360} />
          </div>
          <Space size={0}>
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu me={me.data} compact={phone} />
          </Space>
        </Layout.Header>
        <Layout.Content style={{ minWidth: 0 }}>
          {objects.error ? <Typography.Text type="danger">{objects.error.message}</Typography.Text> : <Outlet />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
