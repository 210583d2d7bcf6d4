import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { patch } from '../api/client';
import { setLocale, type Locale } from '../i18n';

/** Switches the UI language right away and remembers it on the account (and in this browser). */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const choose = (locale: Locale) => {
    setLocale(locale);
    void patch('/api/auth/me', { locale }).catch(() => undefined);
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectedKeys: [i18n.language],
        items: [
          { key: 'zh-CN', label: '简体中文', onClick: () => choose('zh-CN') },
          { key: 'en', label: 'English', onClick: () => choose('en') },
        ],
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} data-testid="language-switch">
        {i18n.language === 'en' ? 'EN' : '中文'}
      </Button>
    </Dropdown>
  );
}
