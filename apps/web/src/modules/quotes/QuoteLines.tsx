import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Input, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { fieldOf, useObjectMeta } from '../../api/meta';
import { useRecordList, type RecordData } from '../../api/records';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { FieldInput } from '../../engine/fields';
import { amountOf, money, useRefreshRecords } from './api';

interface Draft {
  product_id: string | null;
  description: string;
  quantity: number | null;
  unit_price: number | null;
  discount_percent: number | null;
  tax_rate: number | null;
}
const EMPTY: Draft = { product_id: null, description: '', quantity: 1, unit_price: null, discount_percent: 0, tax_rate: 13 };

/**
 * The line grid of a quote (editable while it is the latest draft) or an order (read-only). Each
 * change is saved at once; the server computes the amounts and the totals shown under the grid.
 */
export function LineItems({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshRecords();
  const isQuote = meta.name === 'quotes';
  const linesObject = isQuote ? 'quote_line_items' : 'order_line_items';
  const parentField = isQuote ? 'quote_id' : 'order_id';
  const linesMeta = useObjectMeta(linesObject);
  const productField = linesMeta && fieldOf(linesMeta, 'product_id');
  const editable = isQuote && record.status === 'draft' && record.is_latest === true && meta.access.update !== 'none';
  const lines = useRecordList(linesObject, { filter: { field: parentField, op: 'eq', value: record.id }, sort: 'position', limit: 500 });
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const currency = String(record.currency ?? (record.total_amount as { currency?: string } | null)?.currency ?? 'CNY');

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      await refresh();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const save = (line: RecordData, values: Record<string, unknown>) => run(() => api('PATCH', `/api/v1/${linesObject}/${line.id}`, values));
  const add = () =>
    run(async () => {
      const position = (lines.data?.data.length ?? 0) + 1;
      const body = Object.fromEntries(Object.entries({ ...draft, [parentField]: record.id, position }).filter(([, v]) => v !== null && v !== ''));
      await api('POST', `/api/v1/${linesObject}`, body);
      setDraft(EMPTY);
    });

  const num = (line: RecordData, key: string, props: { min?: number; max?: number } = {}) =>
    editable ? (
      <InputNumber size="small" style={{ width: '100%' }} defaultValue={line[key] as number} {...props}
        data-testid={`line-${key}`} onBlur={(e) => {
          const value = e.target.value === '' ? null : Number(e.target.value.replace(/,/g, ''));
          if (value !== line[key]) void save(line, { [key]: value });
        }} />
    ) : (
      Number(line[key] ?? 0).toLocaleString('zh-CN')
    );

  const columns = [
    { title: t('quotes.lines.description'), dataIndex: 'description', render: (v: string) => <span style={{ wordBreak: 'break-word' }}>{v}</span> },
    { title: t('quotes.lines.quantity'), width: 90, render: (_: unknown, l: RecordData) => num(l, 'quantity', { min: 0 }) },
    { title: t('quotes.lines.unitPrice'), width: 120, align: 'right' as const, render: (_: unknown, l: RecordData) => num(l, 'unit_price', { min: 0 }) },
    { title: t('quotes.lines.discount'), width: 80, render: (_: unknown, l: RecordData) => num(l, 'discount_percent', { min: 0, max: 100 }) },
    { title: t('quotes.lines.tax'), width: 80, render: (_: unknown, l: RecordData) => num(l, 'tax_rate', { min: 0, max: 100 }) },
    { title: t('quotes.lines.total'), width: 130, align: 'right' as const, render: (_: unknown, l: RecordData) => <span data-testid="line-total">{money(l.line_total, currency)}</span> },
    ...(editable
      ? [{ title: '', width: 40, render: (_: unknown, l: RecordData) => (
          <Popconfirm title={t('quotes.lines.deleteConfirm')} onConfirm={() => run(() => api('DELETE', `/api/v1/${linesObject}/${l.id}`))}>
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        ) }]
      : []),
  ];
  const totals = isQuote
    ? [['subtotal', record.subtotal], ['discount', record.discount_total], ['tax', record.tax_total], ['grandTotal', record.grand_total]]
    : [['orderTotal', record.total_amount], ['received', record.received_amount], ['outstanding', record.outstanding_amount]];

  return (
    <Card title={t('quotes.lines.title')} style={{ marginBottom: 16 }} data-testid="line-items"
      extra={isQuote && !editable ? <Typography.Text type="secondary">{t(record.is_latest ? 'quotes.lines.locked' : 'quotes.lines.oldVersion')}</Typography.Text> : null}>
      <Table<RecordData> rowKey="id" size="small" pagination={false} loading={lines.isLoading || busy} columns={columns}
        dataSource={lines.data?.data ?? []} scroll={{ x: 640 }} locale={{ emptyText: t('quotes.lines.empty') }} />
      {editable && (
        <Space wrap style={{ marginTop: 12 }} data-testid="line-new">
          <div style={{ width: 200 }}>
            {productField && <FieldInput field={productField} value={draft.product_id} onChange={(v) => setDraft({ ...draft, product_id: v as string | null })} />}
          </div>
          <Input style={{ width: 180 }} placeholder={t('quotes.lines.description')} value={draft.description} data-testid="new-description"
            onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
          <InputNumber style={{ width: 90 }} min={0} placeholder={t('quotes.lines.quantity')} value={draft.quantity} data-testid="new-quantity"
            onChange={(v) => setDraft({ ...draft, quantity: v })} />
          <InputNumber style={{ width: 120 }} min={0} placeholder={t('quotes.lines.fromPriceBook')} value={draft.unit_price} data-testid="new-unit-price"
            onChange={(v) => setDraft({ ...draft, unit_price: v })} />
          <InputNumber style={{ width: 90 }} min={0} max={100} addonAfter="%" placeholder={t('quotes.lines.discount')} value={draft.discount_percent}
            data-testid="new-discount" onChange={(v) => setDraft({ ...draft, discount_percent: v })} />
          <InputNumber style={{ width: 90 }} min={0} max={100} addonAfter="%" placeholder={t('quotes.lines.tax')} value={draft.tax_rate}
            data-testid="new-tax" onChange={(v) => setDraft({ ...draft, tax_rate: v })} />
          <Button type="primary" icon={<PlusOutlined />} onClick={add} loading={busy} data-testid="line-add"
            disabled={!draft.product_id && !draft.description.trim()}>
            {t('quotes.lines.add')}
          </Button>
        </Space>
      )}
      <Descriptions size="small" column={1} style={{ marginTop: 16, maxWidth: 320, marginLeft: 'auto' }} data-testid="totals">
        {totals.map(([key, value]) => (
          <Descriptions.Item key={key as string} label={t(`quotes.totals.${key}`)}>
            <span data-testid={`total-${key}`} style={{ fontWeight: key === 'grandTotal' || key === 'orderTotal' ? 600 : undefined }}>
              {money(amountOf(value), currency)}
            </span>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
