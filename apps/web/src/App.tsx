import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { router } from './router';
import { useReducedMotion } from './shell/useReducedMotion';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Permission and not-found answers will not change on retry.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

setUnauthorizedHandler(() => {
  if (window.location.pathname === '/login') return;
  queryClient.clear();
  void router.navigate('/login', { state: { from: window.location.pathname + window.location.search } });
});

export function App() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  dayjs.locale(en ? 'en' : 'zh-cn');
  // Dialogs, menus and dropdowns open without zoom and slide for users who asked for less motion.
  const motion = !useReducedMotion();
  return (
    <ConfigProvider locale={en ? enUS : zhCN} theme={{ token: { colorPrimary: '#1668dc', borderRadius: 6, motion } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
