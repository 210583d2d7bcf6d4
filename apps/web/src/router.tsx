import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RecordDetail } from './engine/RecordDetail';
import { RecordList } from './engine/RecordList';
import { AppShell } from './shell/AppShell';
import { LoginPage } from './shell/LoginPage';
import { PageLoading } from './shell/PageLoading';
import './modules/duplicates/register';

// Heavier, less used pages load on demand (ECharts, settings).
const Dashboard = lazy(() => import('./modules/home/Dashboard'));
const DealBoard = lazy(() => import('./modules/sales/DealBoard'));
const SettingsPage = lazy(() => import('./modules/settings/SettingsPage'));
const ApiKeysPage = lazy(() => import('./modules/account/ApiKeysPage'));
const NotificationPreferencesPage = lazy(() => import('./modules/notifications/NotificationPreferencesPage'));
const DuplicatesPage = lazy(() => import('./modules/duplicates/DuplicatesPage'));
const ImportPage = lazy(() => import('./modules/data-import/ImportPage'));

const lazyPage = (node: React.ReactNode) => <Suspense fallback={<PageLoading />}>{node}</Suspense>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppShell />,
    children: [
      { index: true, element: lazyPage(<Dashboard />) },
      { path: 'o/:object', element: <RecordList /> },
      { path: 'o/:object/import', element: lazyPage(<ImportPage />) },
      { path: 'o/:object/:id', element: <RecordDetail /> },
      { path: 'deals/board', element: lazyPage(<DealBoard />) },
      { path: 'account/api-keys', element: lazyPage(<ApiKeysPage />) },
      { path: 'account/notifications', element: lazyPage(<NotificationPreferencesPage />) },
      { path: 'duplicates/:object?/:tab?', element: lazyPage(<DuplicatesPage />) },
      { path: 'settings', element: <Navigate to="/settings/users" replace /> },
      { path: 'settings/:section', element: lazyPage(<SettingsPage />) },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
