import { Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useObjectMeta } from '../../api/meta';
import { listRecords } from '../../api/records';
import { useRecordTitle } from '../../api/titles';
import { useDebounced } from '../../shell/useDebounced';
import { BlankValue } from './Empty';
import type { FieldDisplayProps, FieldInputProps, FieldKind, PickableField } from './types';

/** Picks a record of the target object with server-side search as the user types. */
function RelationInput({ field, value, onChange, disabled, id }: FieldInputProps<string>) {
  const { t } = useTranslation();
  const target = useObjectMeta(field.relation?.object);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const titleField = target?.titleField ?? 'name';
  const current = useRecordTitle(target?.name, titleField, value);
  const pickFilter = (field as PickableField).pickFilter;
  const byTitle = q && !target?.searchable ? { field: titleField, op: 'contains' as const, value: q } : null;
  const filter = pickFilter && byTitle ? { and: [pickFilter, byTitle] } : (pickFilter ?? byTitle ?? undefined);
  const results = useQuery({
    queryKey: ['records', target?.name, 'pick', q, pickFilter],
    enabled: !!target,
    queryFn: () =>
      listRecords(target!.name, {
        // Searchable objects get full-text/pinyin search; others a title substring filter.
        ...(q && target!.searchable ? { q } : {}),
        ...(filter ? { filter } : {}),
        fields: [titleField],
        sort: '-updated_at',
        limit: 20,
      }),
  });
  const options = (results.data?.data ?? []).map((r) => ({ value: r.id, label: String(r[titleField] ?? '') }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: current.data ?? '…' });
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText }}
      disabled={disabled || !target}
      loading={results.isFetching}
      placeholder={t('field.searchRecord')}
      value={value ?? undefined}
      notFoundContent={results.isFetching ? t('common.loading') : t('common.noMatch')}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
    />
  );
}

function RelationDisplay({ field, value, compact }: FieldDisplayProps<string>) {
  const target = useObjectMeta(field.relation?.object);
  const title = useRecordTitle(target?.name, target?.titleField, value);
  if (!value) return <BlankValue />;
  if (!target || title.data === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Link to={`/o/${target.name}/${value}`} onClick={(e) => e.stopPropagation()} className={compact ? 'crm-ellipsis' : undefined}
      style={compact ? { display: 'block', maxWidth: '100%' } : undefined} title={compact ? (title.data ?? undefined) : undefined}>
      {title.data ?? '…'}
    </Link>
  );
}

export const RelationField: FieldKind = { Input: RelationInput, Display: RelationDisplay };
