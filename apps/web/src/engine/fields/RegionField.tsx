import type { RegionValue } from '@crm/schema';
import { Cascader, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { BlankValue } from './Empty';
import { formatRegion } from './format';
import { regionOptions } from './regions';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';


function RegionInput({ value, onChange, disabled, id }: FieldInputProps<RegionValue>) {
  const { t } = useTranslation();
  const path = value ? [value.province, value.city].filter(Boolean) : [];
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Cascader
        id={id}
        style={{ width: '62%' }}
        disabled={disabled}
        changeOnSelect
        showSearch
        options={regionOptions}
        value={path as string[]}
        placeholder={t('field.regionPlaceholder')}
        onChange={(p) => {
          const [province, city] = (p ?? []) as string[];
          onChange?.(province ? { province, ...(city ? { city } : {}), ...(value?.district ? { district: value.district } : {}) } : null);
        }}
      />
      <Input
        style={{ width: '38%' }}
        disabled={disabled || !value?.province}
        placeholder={t('field.district')}
        value={value?.district ?? ''}
        maxLength={50}
        onChange={(e) => value && onChange?.({ ...value, district: e.target.value || undefined })}
      />
    </Space.Compact>
  );
}

function RegionDisplay({ value }: FieldDisplayProps<RegionValue>) {
  const text = formatRegion(value);
  return text ? <span>{text}</span> : <BlankValue />;
}

export const RegionField: FieldKind = { Input: RegionInput, Display: RegionDisplay };
