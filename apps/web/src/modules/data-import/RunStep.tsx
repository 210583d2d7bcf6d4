import type { ImportSummary } from '@crm/schema';
import { Button, Popconfirm, Progress, Result, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PlaceholderList } from './PlaceholderList';
import { WarningList } from './WarningList';

interface Props {
  imp: ImportSummary;
  busy: boolean;
  onResume(): void;
  onUndo(): void;
  onAnother(): void;
}

/** The run with live progress, then its result: counts, rejects report, resume, undo. */
export function RunStep({ imp, busy, onResume, onUndo, onAnother }: Props) {
  const { t } = useTranslation();
  const percent = imp.totalRows ? Math.floor((imp.doneRows / imp.totalRows) * 100) : 0;
  return (
    <div data-testid="import-result">
      {busy && (
        <>
          {/* A run checks each batch as it writes it; it counts the file's rows first. */}
          <Typography.Text>{imp.status === 'undoing' ? t('dataImport.undoing') : imp.totalRows ? t('dataImport.writing') : t('dataImport.checking')}</Typography.Text>
          <Progress percent={imp.status === 'running' ? percent : 0} status="active" data-testid="import-progress" />
          <Typography.Text type="secondary">{t('dataImport.progress', { done: imp.doneRows, total: imp.totalRows ?? '…' })}</Typography.Text>
        </>
      )}
      {!busy && (
        <Result status={imp.status === 'failed' ? 'error' : 'success'} data-testid={`import-${imp.status}`}
          title={t(`dataImport.finished.${imp.status}`, { defaultValue: imp.status })}
          subTitle={imp.error ?? undefined}
          extra={
            <Space wrap>
              <Link to={`/o/${imp.object}`}><Button type="primary">{t('dataImport.viewRecords')}</Button></Link>
              {imp.rejected > 0 && <Button href={`/api/v1/imports/${imp.id}/rejects.csv`} data-testid="rejects-download">{t('dataImport.downloadRejects')}</Button>}
              {imp.status === 'failed' && <Button type="primary" onClick={onResume} data-testid="import-resume">{t('dataImport.resume')}</Button>}
              {(imp.status === 'done' || imp.status === 'failed') && (
                <Popconfirm title={t('dataImport.undoConfirm')} onConfirm={onUndo} okText={t('dataImport.undo')} cancelText={t('common.cancel')}>
                  <Button danger data-testid="import-undo">{t('dataImport.undo')}</Button>
                </Popconfirm>
              )}
              <Button onClick={onAnother}>{t('dataImport.another')}</Button>
            </Space>
          }
        />
      )}
      {imp.status === 'done' && imp.indexing && (
        <div data-testid="import-indexing" style={{ maxWidth: 560, margin: '0 auto 16px' }}>
          {imp.indexing.status === 'pending' && <Progress percent={imp.indexing.total ? Math.floor((imp.indexing.done / imp.indexing.total) * 100) : 0} status="active" />}
          <Typography.Text type="secondary">{t(imp.indexing.status === 'done' ? 'dataImport.indexed' : imp.indexing.searchable ? 'dataImport.indexingKeys' : 'dataImport.indexing', { done: imp.indexing.done, total: imp.indexing.total })}</Typography.Text>
        </div>
      )}
      <Space size="large" wrap style={{ justifyContent: 'center', width: '100%' }}>
        <Statistic title={t('dataImport.created')} value={imp.created} valueStyle={{ color: '#389e0d' }} />
        <Statistic title={t('dataImport.updated')} value={imp.updated} />
        <Statistic title={t('dataImport.skipped')} value={imp.skipped} />
        <Statistic title={t('dataImport.rejected')} value={imp.rejected} valueStyle={imp.rejected ? { color: '#cf1322' } : undefined} />
        {imp.placeholders > 0 && <Statistic title={t('dataImport.placeholders.title')} value={imp.placeholders} />}
      </Space>
      {!busy && <PlaceholderList imp={imp} />}
      {!busy && imp.status === 'done' && <div style={{ marginTop: 16 }}><WarningList imp={imp} /></div>}
    </div>
  );
}
