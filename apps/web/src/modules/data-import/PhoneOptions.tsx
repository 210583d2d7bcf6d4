import type { ImportOptions } from '@crm/schema';
import { Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PhoneRegionSelect } from './PhoneRegionSelect';

interface Props {
  options: ImportOptions;
  onChange(options: ImportOptions): void;
  /** The company's default region (Settings), used when none is chosen here. */
  companyRegion: string;
}

/** How phone cells are read: the region of numbers without +code, and whether a non-number rejects the row. */
export function PhoneOptions({ options, onChange, companyRegion }: Props) {
  const { t } = useTranslation();
  return (
    <div data-testid="import-phone-options">
      <Typography.Text strong>{t('dataImport.phones.title')}</Typography.Text>
      <Space direction="vertical" style={{ display: 'flex', marginTop: 8 }}>
        <Space wrap>
          <span>{t('dataImport.phones.region')}</span>
          <PhoneRegionSelect value={options.phoneRegion} onChange={(phoneRegion) => onChange({ ...options, phoneRegion })}
            placeholder={t('dataImport.phones.companyDefault', { region: companyRegion })} testId="import-phone-region" />
        </Space>
        <Space>
          <Switch checked={options.strictPhones} onChange={(strictPhones) => onChange({ ...options, strictPhones })} data-testid="import-strict-phones" />
          <span>{t('dataImport.phones.strict')}</span>
        </Space>
      </Space>
    </div>
  );
}
