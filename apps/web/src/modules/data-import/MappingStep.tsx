import type { FieldDefinition, ImportPreviewRow, ImportSummary } from '@crm/schema';
import { Alert, Button, Select, Table, Tag, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/meta';
import { useUsers } from '../../api/users';
import { displayText } from '../../engine/fields/displayText';
import { useLabel } from '../../i18n';

interface Props {
  imp: ImportSummary;
  fields: FieldDefinition[];
  preview: ImportPreviewRow[];
  mapping: Record<string, number>;
  onChange(mapping: Record<string, number>): void;
  saving: boolean;
  onNext(): void;
  /** Encoding and template controls above the columns. */
  toolbar?: ReactNode;
}

const show = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Column → field(s), proposed by the server from the headers; below, the first rows as they will be stored. */
export function MappingStep({ imp, fields, preview, mapping, onChange, saving, onNext, toolbar }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const { data: users } = useUsers();
  const fieldOptions = fields.map((f) => ({ value: f.name, label: `${label(f.label)}${f.required ? ' *' : ''}` }));
  const mappedFields = fields.filter((f) => f.name in mapping);
  const byColumn = (column: number) => Object.entries(mapping).filter(([, c]) => c === column).map(([f]) => f);
  const setColumn = (column: number, names: string[]) => {
    const next = Object.fromEntries(Object.entries(mapping).filter(([f, c]) => c !== column && !names.includes(f)));
    for (const n of names) next[n] = column;
    onChange(next);
  };
  // Values show the way the list will show them (option labels, money, user names); blanks stay blank.
  const showValue = (f: FieldDefinition, v: unknown) => (v === null || v === undefined || v === '' ? '' : f.type === 'relation' ? show(v) : displayText(f as Field, v, { label, t, userName: (id) => users?.find((u) => u.id === id)?.name }));
  const missing = fields.filter((f) => f.required && f.defaultValue === undefined && !(f.name in mapping));
  const previewColumns = useMemo(
    () => [
      { key: 'row', title: t('dataImport.row'), width: 64, render: (_: unknown, r: ImportPreviewRow) => r.row },
      ...mappedFields.map((f) => ({ key: f.name, title: label(f.label), ellipsis: true, width: 140, render: (_: unknown, r: ImportPreviewRow) => showValue(f, r.values[f.name]) })),
      { key: 'error', title: t('dataImport.problem'), width: 220, render: (_: unknown, r: ImportPreviewRow) => (r.error ? <Typography.Text type="danger" style={{ display: 'inline-block', minWidth: 200 }}>{r.error}</Typography.Text> : <Tag color="green">{t('dataImport.ok')}</Tag>) },
    ],
    [mappedFields, label, t, users],
  );
  return (
    <div data-testid="import-mapping">
      {toolbar}
      <Typography.Paragraph type="secondary">{t('dataImport.mappingHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="column"
        pagination={false}
        scroll={{ x: true }}
        dataSource={imp.headers.map((header, column) => ({ header, column }))}
        columns={[
          { key: 'header', title: t('dataImport.column'), width: 200, render: (_, r) => r.header || <Typography.Text type="secondary">{t('dataImport.columnN', { n: r.column + 1 })}</Typography.Text> },
          {
            key: 'field', title: t('dataImport.field'),
            render: (_, r) => (
              <Select mode="multiple" allowClear optionFilterProp="label" style={{ width: '100%', minWidth: 180 }} placeholder={t('dataImport.skipColumn')} options={fieldOptions}
                value={byColumn(r.column)} onChange={(names: string[]) => setColumn(r.column, names)} data-testid={`map-${r.column}`} />
            ),
          },
        ]}
      />
      {missing.length > 0 && <Alert style={{ marginTop: 12 }} type="warning" showIcon message={t('dataImport.requiredUnmapped', { fields: missing.map((f) => label(f.label)).join('、') })} />}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('dataImport.preview')}</Typography.Title>
      <Table size="small" rowKey="row" pagination={false} scroll={{ x: true }} loading={saving} dataSource={preview} columns={previewColumns} data-testid="import-preview" />
      <div style={{ marginTop: 16, textAlign: 'right' }}>
        <Button type="primary" disabled={missing.length > 0} loading={saving} onClick={onNext} data-testid="import-mapping-next">{t('dataImport.next')}</Button>
      </div>
    </div>
  );
}
