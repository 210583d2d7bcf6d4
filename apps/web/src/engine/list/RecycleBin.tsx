import { ArrowLeftOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/meta';
import { useRecordList, useRestoreRecords, type RecordData } from '../../api/records';
import { useLabel } from '../../i18n';
import { FieldDisplay } from '../fields';
import { formatDateTime } from '../fields/format';

/** Soft-deleted records of one object, newest deletion first, with single and bulk restore. */
export function RecycleBin({ meta, onClose }: { meta: ObjectMeta; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [selected, setSelected] = useState<string[]>([]);
  const list = useRecordList(meta.name, { limit: 50, cursor: cursors[cursors.length - 1], count: true }, { deleted: true });
  const restore = useRestoreRecords(meta.name);
  const deletedBy = meta.fields.find((f) => f.name === 'updated_by');
  const owner = meta.fields.find((f) => f.name === 'owner_id');

  const doRestore = async (ids: string[]) => {
    try {
      await restore.mutateAsync(ids);
      message.success(t('bin.restored', { count: ids.length }));
      setSelected([]);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div className="crm-page" data-testid="recycle-bin-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 12, flexWrap: 'wrap' }}>
        <Button icon={<ArrowLeftOutlined />} onClick={onClose}>{t('common.back')}</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('bin.title', { object: label(meta.pluralLabel) })}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <Button icon={<UndoOutlined />} disabled={!selected.length} onClick={() => doRestore(selected)}>
          {t('bin.restoreSelected', { count: selected.length })}
        </Button>
      </div>
      {!list.isLoading && !list.data?.data.length ? (
        <Empty description={t('bin.empty')} />
      ) : (
        <Table<RecordData>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) }}
          columns={[
            { key: 'title', title: label(meta.fields.find((f) => f.name === meta.titleField)?.label), ellipsis: true, width: 260, render: (_, r) => String(r[meta.titleField] ?? '—') },
            { key: 'owner', title: owner ? label(owner.label) : '', width: 120, render: (_, r) => owner && <FieldDisplay field={owner} value={r.owner_id} compact /> },
            { key: 'by', title: t('bin.deletedBy'), width: 120, render: (_, r) => deletedBy && <FieldDisplay field={deletedBy} value={r.updated_by} compact /> },
            { key: 'at', title: t('bin.deletedAt'), width: 170, render: (_, r) => (r.deleted_at ? formatDateTime(String(r.deleted_at)) : '') },
            { key: 'actions', title: '', width: 100, render: (_, r) => <Button size="small" icon={<UndoOutlined />} onClick={() => doRestore([r.id])} data-testid="restore-record">{t('bin.restore')}</Button> },
          ]}
        />
      )}
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, marginTop: 12 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>{t('list.prev')}</Button>
        <Button disabled={!list.data?.nextCursor} onClick={() => setCursors((c) => [...c, list.data!.nextCursor!])}>{t('list.next')}</Button>
      </div>
    </div>
  );
}
