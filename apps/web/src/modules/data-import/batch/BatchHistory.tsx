import type { ImportBatch } from '@crm/schema';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../engine/fields/format';
import { batchWorking, useBatchHistory } from './batch-api';

const COLOR: Record<string, string> = { open: 'green', running: 'blue', undoing: 'orange', undone: 'default', failed: 'red' };

/** Recent batch imports above the import history; opening one shows it in the batch view (and puts it in the URL). */
export function BatchHistory({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation();
  const history = useBatchHistory();
  if (!history.data?.length) return null;
  const status = (b: ImportBatch) => (b.status === 'open' && batchWorking(b) ? 'running' : b.status);
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t('dataImport.batch.history')}</Typography.Title>
      <Table<ImportBatch> size="small" rowKey="id" dataSource={history.data} pagination={false} scroll={{ x: true }} data-testid="batch-history"
        columns={[
          {
            key: 'files', title: t('dataImport.batch.files'), ellipsis: true,
            render: (_, b) => <a onClick={() => onOpen(b.id)} data-testid={`batch-open-${b.id}`}>{b.files.map((f) => f.fileName).join('、')}</a>,
          },
          {
            key: 'status', title: t('dataImport.status'), width: 110,
            render: (_, b) => <Tag color={COLOR[status(b)]}>{status(b) === 'running' ? t('dataImport.statuses.running') : t(`dataImport.batch.statuses.${b.status}`)}</Tag>,
          },
          {
            key: 'counts', title: t('dataImport.counts'), width: 200,
            render: (_, b) => t('dataImport.countsText', { created: sum(b, 'created'), updated: sum(b, 'updated'), rejected: sum(b, 'rejected') }),
          },
          { key: 'at', title: t('dataImport.at'), width: 150, render: (_, b) => formatDateTime(b.createdAt) },
        ]} />
    </>
  );
}

const sum = (b: ImportBatch, key: 'created' | 'updated' | 'rejected') => b.imports.reduce((n, i) => n + i[key], 0);
