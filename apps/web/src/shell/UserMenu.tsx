import { ApiOutlined, BellOutlined, DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Avatar, Button, Dropdown, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Me } from '../api/auth';
import { post } from '../api/client';
import { useLabel } from '../i18n';
import { ChangePasswordModal } from './ChangePasswordModal';

export function UserMenu({ me, compact }: { me: Me; compact?: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [changing, setChanging] = useState(false);

  const logout = async () => {
    await post('/api/auth/logout').catch(() => undefined);
    qc.clear();
    navigate('/login', { replace: true });
  };

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'who', disabled: true, label: <Typography.Text type="secondary">{me.user.email} · {label({ zh: me.user.role.name_zh, en: me.user.role.name_en })}</Typography.Text> },
            { type: 'divider' },
            { key: 'password', icon: <KeyOutlined />, label: t('user.changePassword'), onClick: () => setChanging(true) },
            { key: 'notifications', icon: <BellOutlined />, label: t('notifications.preferences'), onClick: () => navigate('/account/notifications'), 'data-testid': 'menu-notifications' } as never,
            { key: 'api-keys', icon: <ApiOutlined />, label: t('user.apiKeys'), onClick: () => navigate('/account/api-keys'), 'data-testid': 'menu-api-keys' } as never,
            { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), onClick: logout, 'data-testid': 'logout' } as never,
          ],
        }}
      >
        <Button type="text" data-testid="user-menu" style={{ paddingInline: 4 }}>
          <Space size={6}>
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1668dc' }} />
            {!compact && <span style={{ maxWidth: 120 }} className="crm-ellipsis">{me.user.name}</span>}
            <DownOutlined style={{ fontSize: 10 }} />
          </Space>
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />
    </>
  );
}
