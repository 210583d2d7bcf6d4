import { App, Button, Card, Empty, Popconfirm, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import type { ObjectMeta } from '../../api/meta';
import { useUserName } from '../../api/users';
import { formatDateTime } from '../../engine/fields/format';
import { useMerges, useUndoMerge, type MergeEntry } from './api';

function Actor({ id }: { id: string | null }) {
  return <>{useUserName(id) ?? '—'}</>;
}

/** Past merges of an object, newest first, each undoable while nothing changed since. */
export function MergeHistory({ meta }: { meta: ObjectMeta }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const merges = useMerges(meta.name);
  const undo = useUndoMerge();
  const canUndo = meta.access.update !== 'none' && meta.access.delete !== 'none';

  const doUndo = async (m: MergeEntry) => {
    try {
      await undo.mutateAsync(m.id);
      message.success(t('duplicates.history.undone'));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e), 8);
    }
  };

  if (!merges.isLoading && !merges.data?.length) return <Card><Empty description={t('duplicates.history.empty')} /></Card>;
  return (
    <Table
      rowKey="id"
      size="small"
      loading={merges.isLoading}
      dataSource={merges.data}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="merge-history"
      columns={[
        { key: 'at', title: t('duplicates.history.at'), render: (_, m) => formatDateTime(m.at) },
        { key: 'survivor', title: t('duplicates.history.survivor'), render: (_, m) => <Link to={`/o/${meta.name}/${m.survivorId}`}>{m.survivorTitle ?? m.survivorId}</Link> },
        { key: 'merged', title: t('duplicates.history.merged'), render: (_, m) => t('duplicates.history.mergedCount', { count: m.mergedIds.length, moved: m.movedCount }) },
        { key: 'actor', title: t('duplicates.history.actor'), render: (_, m) => <Actor id={m.actorId} /> },
        {
          key: 'undo',
          title: '',
          render: (_, m) =>
            m.undoneAt ? (
              <Tag>{t('duplicates.history.undoneAt', { at: formatDateTime(m.undoneAt) })}</Tag>
            ) : (
              canUndo && (
                <Popconfirm title={t('duplicates.history.undoConfirm')} description={t('duplicates.history.undoHint')} onConfirm={() => doUndo(m)} okText={t('duplicates.history.undo')} cancelText={t('common.cancel')}>
                  <Button size="small" data-testid="merge-undo">{t('duplicates.history.undo')}</Button>
                </Popconfirm>
              )
            ),
        },
      ]}
    />
  );
}
