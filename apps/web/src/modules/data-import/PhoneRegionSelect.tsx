import { Select } from 'antd';
import { getCountries } from 'libphonenumber-js/min';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  value: string | undefined;
  onChange(region: string | undefined): void;
  /** What an empty choice means (the company default), shown as the placeholder. */
  placeholder?: string;
  testId?: string;
}

/** A country whose national phone format cells without +code are read in; names in the user's language, China first. */
export function PhoneRegionSelect({ value, onChange, placeholder, testId }: Props) {
  const { i18n } = useTranslation();
  const options = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language === 'en' ? 'en' : 'zh-CN'], { type: 'region' });
    const rest = getCountries().filter((c) => c !== 'CN').map((c) => ({ value: c as string, label: `${names.of(c) ?? c} (${c})` }));
    return [{ value: 'CN', label: `${names.of('CN')} (CN)` }, ...rest.sort((a, b) => a.label.localeCompare(b.label, i18n.language))];
  }, [i18n.language]);
  return (
    <Select showSearch allowClear optionFilterProp="label" value={value} onChange={(v) => onChange(v ?? undefined)} options={options}
      placeholder={placeholder} style={{ width: 260, maxWidth: '100%' }} data-testid={testId} />
  );
}
