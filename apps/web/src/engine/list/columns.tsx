import type { FieldType } from '@crm/schema';
import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Field, ObjectMeta } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { FieldDisplay } from '../fields';

const WIDTH: Partial<Record<FieldType, number>> = {
  text: 180, long_text: 220, email: 200, phone: 140, url: 180, integer: 110, decimal: 120, percent: 90,
  currency: 150, date: 120, datetime: 160, boolean: 90, select: 120, multi_select: 180, tags: 180,
  region: 180, user: 110, relation: 180,
};
const UNSORTABLE = new Set<FieldType>(['tags', 'multi_select', 'region', 'long_text']);

export interface SortState {
  field: string;
  desc: boolean;
}

export function parseSort(sort: string | undefined): SortState | null {
  const first = sort?.split(',')[0];
  if (!first) return null;
  return first.startsWith('-') ? { field: first.slice(1), desc: true } : { field: first, desc: false };
}

/** Table columns from metadata; the title column links to the record, cells cut long text with an ellipsis. */
export function buildColumns(meta: ObjectMeta, fields: Field[], sort: SortState | null, label: (l: Field['label']) => string): ColumnsType<RecordData> {
  return fields.map((f) => {
    const isTitle = f.name === meta.titleField;
    return {
      key: f.name,
      dataIndex: f.name,
      title: <span title={label(f.label)}>{label(f.label)}</span>,
      width: isTitle ? 220 : (WIDTH[f.type] ?? 150),
      fixed: isTitle ? ('left' as const) : undefined,
      ellipsis: { showTitle: false },
      sorter: !UNSORTABLE.has(f.type),
      sortOrder: sort?.field === f.name ? (sort.desc ? ('descend' as const) : ('ascend' as const)) : null,
      sortDirections: ['ascend', 'descend'] as const,
      render: (value: unknown, record: RecordData) =>
        isTitle ? (
          <Link to={`/o/${meta.name}/${record.id}`} data-testid="record-title-link">
            <Typography.Text ellipsis={{ tooltip: String(value ?? '') }} style={{ color: 'inherit' }}>
              {String(value ?? '—')}
            </Typography.Text>
          </Link>
        ) : (
          <FieldDisplay field={f} value={value} compact />
        ),
    };
  }) as ColumnsType<RecordData>;
}
