import { Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { BlankValue } from './Empty';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

function BooleanInput({ value, onChange, disabled, id }: FieldInputProps<boolean>) {
  return <Switch id={id} disabled={disabled} checked={!!value} onChange={(v) => onChange?.(v)} />;
}

function BooleanDisplay({ value }: FieldDisplayProps<boolean>) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <BlankValue />;
  return <span>{value ? t('common.yes') : t('common.no')}</span>;
}

export const BooleanField: FieldKind = { Input: BooleanInput, Display: BooleanDisplay };
