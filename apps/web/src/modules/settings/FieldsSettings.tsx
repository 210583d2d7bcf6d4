import { DndContext, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, useAdminMutation } from '../../api/admin';
import { useObjects, type Field } from '../../api/meta';
import { useLabel } from '../../i18n';
import { FieldDialog } from './FieldDialog';
import { PurgeFieldDialog } from './PurgeFieldDialog';
import { SortableRow } from './SortableRow';

/** Fields every object has that clients write: listed with the system fields, not reordered. */
const FIXED = new Set(['owner_id', 'external_id']);

/** Fields of one object: standard and custom, drag to reorder, add/edit, archive/restore, purge. */
export function FieldsSettings() {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { data: objects = [] } = useObjects();
  const [object, setObject] = useState('customers');
  const meta = objects.find((o) => o.name === object) ?? objects[0];
  const [editing, setEditing] = useState<Field | 'new' | null>(null);
  const [purging, setPurging] = useState<Field | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const refresh = [['meta', 'objects']];
  const reorder = useAdminMutation((names: string[]) => adminApi.post(`/api/v1/meta/objects/${meta!.name}/field-order`, { names }), refresh);
  const archive = useAdminMutation((f: Field) => (f.archived ? adminApi.patch(`/api/v1/meta/objects/${meta!.name}/fields/${f.name}`, { archived: false }) : adminApi.del(`/api/v1/meta/objects/${meta!.name}/fields/${f.name}`)), refresh);

  // Orderable fields in position order; system fields are listed after them, fixed.
  const ordered = useMemo(() => (meta ? meta.fields.filter((f) => !f.system && !FIXED.has(f.name)).sort((a, b) => a.position - b.position) : []), [meta]);
  const [rows, setRows] = useState<Field[]>(ordered);
  useEffect(() => setRows(ordered), [ordered]);
  if (!meta) return null;
  const fixed = meta.fields.filter((f) => f.system || FIXED.has(f.name));

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const next = arrayMove(rows, rows.findIndex((f) => f.name === active.id), rows.findIndex((f) => f.name === over.id));
    setRows(next);
    reorder.mutateAsync(next.map((f) => f.name)).catch((e: Error) => { message.error(e.message); setRows(ordered); });
  };

  const columns = [
    { key: 'drag', width: 32, render: (_: unknown, f: Field) => (f.system || FIXED.has(f.name) ? null : <HolderOutlined style={{ color: '#999' }} />) },
    { key: 'label', title: t('fields.label'), ellipsis: true, render: (_: unknown, f: Field) => <Typography.Text delete={f.archived}>{label(f.label)}</Typography.Text> },
    { key: 'name', title: t('fields.apiName'), dataIndex: 'name', ellipsis: true, width: 200, render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
    { key: 'type', title: t('fields.type'), width: 120, render: (_: unknown, f: Field) => t(`fieldType.${f.type}`) },
    {
      key: 'kind', title: t('fields.kind'), width: 190,
      render: (_: unknown, f: Field) => (
        <Space size={4}>
          {f.system ? <Tag>{t('fields.system')}</Tag> : f.custom ? <Tag color="purple">{t('fields.custom')}</Tag> : <Tag color="blue">{t('fields.standard')}</Tag>}
          {f.required && <Tag color="red">{t('fields.required')}</Tag>}
          {f.archived && <Tag color="default">{t('fields.archived')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'actions', title: '', width: 220,
      render: (_: unknown, f: Field) =>
        f.system ? null : (
          <Space size={4} onPointerDown={(e) => e.stopPropagation()}>
            <Button size="small" onClick={() => setEditing(f)} data-testid={`field-edit-${f.name}`}>{t('common.edit')}</Button>
            {f.custom && (
              <Button size="small" onClick={() => archive.mutateAsync(f).catch((e: Error) => message.error(e.message))} data-testid={`field-archive-${f.name}`}>
                {f.archived ? t('fields.restore') : t('fields.archive')}
              </Button>
            )}
            {f.custom && <Button size="small" danger onClick={() => setPurging(f)} data-testid={`field-purge-${f.name}`}>{t('fields.purge')}</Button>}
          </Space>
        ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 180 }} value={meta.name} onChange={setObject} data-testid="fields-object" options={objects.map((o) => ({ value: o.name, label: label(o.pluralLabel) }))} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="field-new">{t('fields.add')}</Button>
        <Typography.Text type="secondary">{t('fields.dragHint')}</Typography.Text>
      </Space>
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <SortableContext items={rows.map((f) => f.name)} strategy={verticalListSortingStrategy}>
          <Table<Field> rowKey="name" size="small" pagination={false} dataSource={rows} columns={columns} components={{ body: { row: SortableRow } }} scroll={{ x: 'max-content' }} loading={reorder.isPending} />
        </SortableContext>
      </DndContext>
      <Table<Field> rowKey="name" size="small" pagination={false} dataSource={fixed} columns={columns} showHeader={false} style={{ marginTop: 8 }} scroll={{ x: 'max-content' }} />
      <FieldDialog meta={meta} objects={objects} open={!!editing} field={editing === 'new' ? undefined : (editing ?? undefined)} onClose={() => setEditing(null)} />
      <PurgeFieldDialog object={meta.name} field={purging} onClose={() => setPurging(null)} />
    </>
  );
}
