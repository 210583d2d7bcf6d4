import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/users';
import { BlankValue } from './Empty';
import type { FieldDisplayProps, FieldInputProps, FieldKind } from './types';

function UserInput({ value, onChange, disabled, id }: FieldInputProps<string>) {
  const { t } = useTranslation();
  const { data: users = [], isLoading } = useUsers();
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ optionFilterProp: 'title' }}
      loading={isLoading}
      disabled={disabled}
      placeholder={t('field.pickUser')}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={users
        .filter((u) => u.active || u.id === value)
        .map((u) => ({ value: u.id, title: `${u.name} ${u.email ?? ''}`, label: u.name }))}
    />
  );
}

function UserDisplay({ value }: FieldDisplayProps<string>) {
  const { data: users } = useUsers();
  if (!value) return <BlankValue />;
  const user = users?.find((u) => u.id === value);
  return <span style={{ whiteSpace: 'nowrap' }}>{user ? user.name : '…'}</span>;
}

export const UserField: FieldKind = { Input: UserInput, Display: UserDisplay };
