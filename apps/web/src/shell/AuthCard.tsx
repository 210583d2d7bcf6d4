import { Card, Segmented, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setLocale, type Locale } from '../i18n';

/** The frame of the pages before signing in (login, forgotten password, new password). */
export function AuthCard({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg,#e8f0fe,#f7f9fc)', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Segmented
            size="small"
            value={i18n.language}
            onChange={(v) => setLocale(v as Locale)}
            options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'EN' }]}
          />
        </div>
        {children}
      </Card>
    </div>
  );
}
