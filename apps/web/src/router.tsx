import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RecordDetail } from './engine/RecordDetail';
import { RecordList } from './engine/RecordList';
import { AppShell } from './shell/AppShell';
import { ForgotPasswordPage } from './shell/ForgotPasswordPage';
import { LoginPage } from './shell/LoginPage';
import { PageLoading } from './shell/PageLoading';
import { ResetPasswordPage } from './shell/ResetPasswordPage';
import './modules/duplicates/register';
import './modules/pool/register';
import './modules/quotes/register';
import './modules/orders/register';
import './modules/pipelines/register';
import './modules/service/register';
import './modules/service-kb/register';
import './modules/marketing/register';
import './modules/marketing-tracking/register';
import './modules/marketing-value/register';
import './modules/marketing-scoring/register';
import './modules/service-reports/register';
import './modules/service-surveys/register';

// Heavier, less used pages load on demand (ECharts, settings).
const Dashboard = lazy(() => import('./modules/home/Dashboard'));
const DealBoard = lazy(() => import('./modules/sales/DealBoard'));
const ForecastPage = lazy(() => import('./modules/pipelines/ForecastPage'));
const SettingsPage = lazy(() => import('./modules/settings/SettingsPage'));
const ApiKeysPage = lazy(() => import('./modules/account/ApiKeysPage'));
const NotificationPreferencesPage = lazy(() => import('./modules/notifications/NotificationPreferencesPage'));
const DuplicatesPage = lazy(() => import('./modules/duplicates/DuplicatesPage'));
const ImportPage = lazy(() => import('./modules/data-import/ImportPage'));
const PoolPage = lazy(() => import('./modules/pool/PoolPage'));
const SalesDashboard = lazy(() => import('./modules/sales-reports/SalesDashboard'));
const SalesReports = lazy(() => import('./modules/sales-reports/ReportsPage'));
const SalesReport = lazy(() => import('./modules/sales-reports/ReportView'));
const CampaignReportPage = lazy(() => import('./modules/marketing/campaigns/CampaignReportPage'));
const TrackingSitesPage = lazy(() => import('./modules/marketing-tracking/TrackingSitesPage'));
const CustomerValuePage = lazy(() => import('./modules/marketing-value/CustomerValuePage'));
const ScoringRulesPage = lazy(() => import('./modules/marketing-scoring/ScoringRulesPage'));
const KbEditorPage = lazy(() => import('./modules/service-kb/KbEditorPage'));
const ServiceDashboard = lazy(() => import('./modules/service-reports/ServiceDashboard'));
const ChatConsolePage = lazy(() => import('./modules/service-chat/ChatConsolePage'));
const SurveysPage = lazy(() => import('./modules/service-surveys/SurveysPage'));
const SurveyEditor = lazy(() => import('./modules/service-surveys/SurveyEditor'));
const SurveyResults = lazy(() => import('./modules/service-surveys/SurveyResults'));

const lazyPage = (node: React.ReactNode) => <Suspense fallback={<PageLoading />}>{node}</Suspense>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  {
    path: '/',
    element: <AppShell />,
    children: [
      { index: true, element: lazyPage(<Dashboard />) },
      { path: 'o/:object', element: <RecordList /> },
      { path: 'o/:object/import', element: lazyPage(<ImportPage />) },
      { path: 'o/:object/:id', element: <RecordDetail /> },
      { path: 'deals/board', element: lazyPage(<DealBoard />) },
      { path: 'sales/dashboard', element: lazyPage(<SalesDashboard />) },
      { path: 'sales/reports', element: lazyPage(<SalesReports />) },
      { path: 'sales/reports/:id', element: lazyPage(<SalesReport />) },
      { path: 'forecast', element: lazyPage(<ForecastPage />) },
      { path: 'account/api-keys', element: lazyPage(<ApiKeysPage />) },
      { path: 'account/notifications', element: lazyPage(<NotificationPreferencesPage />) },
      { path: 'duplicates/:object?/:tab?', element: lazyPage(<DuplicatesPage />) },
      { path: 'pool/:object?', element: lazyPage(<PoolPage />) },
      { path: 'marketing/campaigns/report', element: lazyPage(<CampaignReportPage />) },
      { path: 'marketing/tracking', element: lazyPage(<TrackingSitesPage />) },
      { path: 'marketing/value', element: lazyPage(<CustomerValuePage />) },
      { path: 'marketing/scoring', element: lazyPage(<ScoringRulesPage />) },
      { path: 'kb/new', element: lazyPage(<KbEditorPage />) },
      { path: 'service/dashboard', element: lazyPage(<ServiceDashboard />) },
      { path: 'service/chat', element: lazyPage(<ChatConsolePage />) },
      { path: 'service/surveys', element: lazyPage(<SurveysPage />) },
      { path: 'service/surveys/new', element: lazyPage(<SurveyEditor />) },
      { path: 'service/surveys/:id', element: lazyPage(<SurveyResults />) },
      { path: 'service/surveys/:id/edit', element: lazyPage(<SurveyEditor />) },
      { path: 'kb/:id/edit', element: lazyPage(<KbEditorPage />) },
      { path: 'settings', element: <Navigate to="/settings/users" replace /> },
      { path: 'settings/:section', element: lazyPage(<SettingsPage />) },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);
