import type { FieldDefinition, ImportOptions, ImportValueColumn } from '@crm/schema';
import { App, Alert, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/meta';
import { useUsers } from '../../api/users';
import { FieldInput } from '../../engine/fields';
import { useLabel } from '../../i18n';

/** The select value standing for "store nothing" (an option key cannot start with a space). */
const EMPTY = ' empty';

interface Props {
  columns: ImportValueColumn[] | undefined;
  loading: boolean;
  fields: FieldDefinition[];
  headers: string[];
  options: ImportOptions;
  onChange(options: ImportOptions): void;
  /** Administrators: adds the file value as an option of the select and maps it there. */
  onAddOption(field: FieldDefinition, value: string): Promise<void>;
}

type ValueRow = ImportValueColumn['values'][number];

/**
 * Every distinct value of each select, owner and relation column with its count and where it goes:
 * the server's proposal (option key, zh/en label or synonym; user e-mail or name; record name) or
 * the user's choice, "empty", or (administrators) a new option. Only choices the user makes are saved.
 */
export function ValuesStep({ columns, loading, fields, headers, options, onChange, onAddOption }: Props) {
  const { t } = useTranslation();
  if (loading) return <Card loading data-testid="import-values" />;
  if (!columns?.length) return <Empty data-testid="import-values" description={t('dataImport.values.none')} />;
  const choose = (field: string, value: string, target: string | null) =>
    onChange({ ...options, values: { ...options.values, [field]: { ...options.values[field], [value]: target } } });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="import-values">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('dataImport.values.hint')}</Typography.Paragraph>
      {columns.map((column) => {
        const field = fields.find((f) => f.name === column.field);
        return field && (
          <ValueColumn key={column.field} column={column} field={field} header={headers[column.column] ?? ''} chosen={options.values[column.field] ?? {}}
            onChoose={(value, target) => choose(column.field, value, target)} onAddOption={onAddOption} />
        );
      })}
    </Space>
  );
}

interface ColumnProps {
  column: ImportValueColumn;
  field: FieldDefinition;
  header: string;
  chosen: Record<string, string | null>;
  onChoose(value: string, target: string | null): void;
  onAddOption(field: FieldDefinition, value: string): Promise<void>;
}

function ValueColumn({ column, field, header, chosen, onChoose, onAddOption }: ColumnProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { data: users = [] } = useUsers();
  const [adding, setAdding] = useState<string | null>(null);
  const targetOf = (r: ValueRow): string | null | undefined => (r.value in chosen ? chosen[r.value] : (r.proposed ?? undefined));
  const unmapped = column.values.filter((r) => targetOf(r) === undefined);
  const unmappedRows = unmapped.reduce((n, r) => n + r.count, 0);
  const choices = [
    { value: EMPTY, label: t('dataImport.values.empty') },
    ...(field.type === 'user'
      ? users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.email ? `${u.name} · ${u.email}` : u.name }))
      : (field.options ?? []).map((o) => ({ value: o.value, label: label(o.label) }))),
  ];
  const add = async (value: string) => {
    setAdding(value);
    try {
      await onAddOption(field, value);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setAdding(null);
    }
  };
  const target = (r: ValueRow, i: number) => {
    const current = targetOf(r);
    if (field.type === 'relation') {
      // A record picker; an untouched unmatched value is looked up by name when the import runs.
      return <FieldInput field={field as Field} value={current ?? null} onChange={(v) => onChoose(r.value, (v as string | null) ?? null)} id={`value-${field.name}-${i}`} />;
    }
    return (
      <Space.Compact style={{ width: '100%' }}>
        <Select showSearch={{ optionFilterProp: 'label' }} style={{ width: '100%', minWidth: 140 }} placeholder={t('dataImport.values.pick')} options={choices}
          status={current === undefined ? 'warning' : undefined}
          value={current === undefined ? undefined : current === null ? EMPTY : current}
          onChange={(v: string) => onChoose(r.value, v === EMPTY ? null : v)} data-testid={`value-${field.name}-${i}`} />
        {column.canAddOption && current === undefined && (
          <Button loading={adding === r.value} onClick={() => void add(r.value)} data-testid={`value-add-${field.name}-${i}`}>{t('dataImport.values.addOption')}</Button>
        )}
      </Space.Compact>
    );
  };
  const how = (r: ValueRow) => {
    if (r.value in chosen) return <Tag color="blue">{t('dataImport.values.chosen')}</Tag>;
    if (r.match) return <Tag color="green">{t(`dataImport.values.match.${r.match}`)}</Tag>;
    return field.type === 'relation' ? <Tag>{t('dataImport.values.byName')}</Tag> : <Tag color="orange">{t('dataImport.values.unmatched')}</Tag>;
  };
  return (
    <Card size="small" data-testid={`values-${field.name}`}
      title={<span>{label(field.label)} <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>← {header || t('dataImport.columnN', { n: column.column + 1 })}</Typography.Text></span>}
      extra={<Typography.Text type="secondary">{t('dataImport.values.distinct', { count: column.distinct })}</Typography.Text>}>
      {field.type !== 'relation' && unmappedRows > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('dataImport.values.unmappedRows', { values: unmapped.length, rows: unmappedRows })} />
      )}
      {column.truncated && <Typography.Paragraph type="secondary">{t('dataImport.values.truncated')}</Typography.Paragraph>}
      <Table<ValueRow> size="small" rowKey="value" dataSource={column.values} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: true }}
        columns={[
          { key: 'value', title: t('dataImport.values.fileValue'), render: (_, r) => <div style={{ minWidth: 96, wordBreak: 'break-word' }}>{r.value}</div> },
          { key: 'count', title: t('dataImport.values.count'), width: 64, align: 'right', render: (_, r) => r.count },
          { key: 'how', title: t('dataImport.values.how'), width: 110, responsive: ['sm'], render: (_, r) => how(r) },
          { key: 'target', title: t('dataImport.values.target'), width: 280, onCell: () => ({ style: { minWidth: 150 } }), render: (_, r) => target(r, column.values.indexOf(r)) },
        ]} />
    </Card>
  );
}
