import type { RegionValue } from '@crm/schema';
import { Cascader, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { regionFromPath, regionPath, useRegionData } from './regionDivisions';

interface Props {
  value?: RegionValue | null;
  onChange?: (value: RegionValue | null) => void;
  disabled?: boolean;
  id?: string;
  style?: CSSProperties;
}

/** Province → city → district picker over China's divisions; any level may be the last one picked. */
export function RegionCascader({ value, onChange, disabled, id, style }: Props) {
  const { t } = useTranslation();
  const { data, isLoading } = useRegionData();
  // Text typed elsewhere (API, web form) that names no known place has no code: say so, keep it.
  const unrecognised = value && !value.code && data && !regionFromPath(data, regionPath(value))?.code;
  return (
    <div style={style}>
      <Cascader
        id={id}
        style={{ width: '100%' }}
        disabled={disabled}
        loading={isLoading}
        changeOnSelect
        showSearch
        options={data?.options ?? []}
        value={regionPath(value)}
        placeholder={t('field.regionPlaceholder')}
        onChange={(path) => data && onChange?.(regionFromPath(data, (path ?? []) as string[]))}
      />
      {unrecognised && <Typography.Text type="secondary" data-testid="region-unrecognised">{t('field.regionUnrecognised')}</Typography.Text>}
    </div>
  );
}
