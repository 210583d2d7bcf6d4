import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { patch } from '../api/client';
import { setLocale, type Locale } from '../i18n';
import { LOCALE_NAMES, LOCALES } from '../i18n/locales';

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
          ...LOCALES.map((locale) => ({ key: locale, label: LOCALE_NAMES[locale], onClick: () => choose(locale) })),
        ],
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} data-testid="language-switch">
        {i18n.language === 'en' ? 'EN' : '中文'}
      </Button>
    </Dropdown>
  );
}
