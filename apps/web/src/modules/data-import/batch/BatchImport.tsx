import type { ImportSummary } from '@crm/schema';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Popconfirm, Progress, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects } from '../../../api/meta';
import { useLabel } from '../../../i18n';
import { STATUS_COLOR, type ImportWithPreview } from '../api';
import { addToBatch, batchWorking, createBatch, undoWholeBatch, useBatch } from './batch-api';
import { orderOf } from './propose-object';
import { runBatch, type BatchItem } from './run-batch';

interface Props {
  /** Files just chosen (a new batch); empty when a stored batch is resumed. */
  initial: BatchItem[];
  skipped: string[];
  /** The server-side batch (the page URL carries it, so a reload comes back here). */
  batchId: string | null;
  onBatch(id: string): void;
  onClose(): void;
}

/** One row of the table: a file of the batch, its import once uploaded, why it stopped. */
interface Row {
  key: string;
  fileName: string;
  object: string | null;
  imp?: ImportSummary;
  error?: string;
}

/** Required fields of a freshly uploaded file that no column and no default fills. */
function unmappedRequired(res: ImportWithPreview, label: (l: { zh: string; en: string }) => string): string[] {
  return (res.fields ?? []).filter((f) => f.required && f.defaultValue === undefined && !(f.name in res.data.mapping)).map((f) => label(f.label));
}

/**
 * Several files (or a zip of them) in one go: each gets the object proposed by its name or headers,
 * they run in the order customers → contacts → deals → follow-ups so relation columns resolve
 * against what the earlier files created. The batch is kept on the server: after a reload the page
 * shows it again (its imports' progress, counts) and the whole batch is undone in one step, last file first.
 */
export function BatchImport({ initial, skipped, batchId, onBatch, onClose }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const objects = (useObjects().data ?? []).filter((o) => o.access.create !== 'none');
  const [items, setItems] = useState<BatchItem[]>(() => sortItems(initial));
  const [createMissing, setCreateMissing] = useState(false);
  const [running, setRunning] = useState(false);
  const stored = useBatch(batchId);
  const batch = stored.data;

  // While this page runs the files, the batch is polled even between two files (nothing works then).
  useEffect(() => {
    if (!running || !batchId) return;
    const timer = setInterval(() => void stored.refetch(), 700);
    return () => clearInterval(timer);
  }, [running, batchId]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (batch && !batchWorking(batch)) {
      void qc.invalidateQueries({ queryKey: ['records'] });
      void qc.invalidateQueries({ queryKey: ['imports', 'history'] });
      void qc.invalidateQueries({ queryKey: ['import-batches', 'history'] });
    }
  }, [batch?.status, batch?.imports.map((i) => i.status).join()]); // eslint-disable-line react-hooks/exhaustive-deps

  const update = (key: string, patch: Partial<BatchItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const objectLabel = (name: string | null) => {
    const meta = objects.find((o) => o.name === name);
    return meta ? label(meta.pluralLabel) : '—';
  };
  const chosen = items.filter((i) => i.object);
  const run = async () => {
    setRunning(true);
    try {
      const { data } = await createBatch(chosen.map((i) => ({ fileName: i.file.name, object: i.object! })));
      onBatch(data.id);
      await runBatch(chosen, createMissing, update, (res) => unmappedRequired(res, label), async (importId) => void (await addToBatch(data.id, importId)));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setRunning(false);
      void qc.invalidateQueries({ queryKey: ['import-batches'] });
    }
  };
  const undo = async () => {
    try {
      const { data } = await undoWholeBatch(batchId!);
      qc.setQueryData(['import-batches', batchId], data);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  // Once stored, the server's batch is what the table shows; this page's own run adds why a file stopped.
  const rows: Row[] = batch
    ? batch.files.map((f, i) => ({ key: String(i), fileName: f.fileName, object: f.object, imp: batch.imports[i], error: chosen[i]?.error }))
    : items.map((i) => ({ key: i.key, fileName: i.file.name, object: i.object, imp: i.imp, error: i.error }));
  const phase = !batchId ? (running ? 'running' : 'ready') : !batch ? 'loading' : batch.status === 'open' ? (running || batchWorking(batch) ? 'running' : 'finished') : batch.status;
  const undoable = batch?.imports.filter((i) => i.status === 'done' || i.status === 'failed').length ?? 0;
  const done = batch?.imports.filter((i) => i.status === 'done').length ?? 0;
  const stopped = rows.some((r) => r.error || !r.imp || r.imp.status !== 'done');

  return (
    <div data-testid="import-batch">
      <Typography.Paragraph type="secondary">{t('dataImport.batch.hint')}</Typography.Paragraph>
      {skipped.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('dataImport.batch.skipped', { files: skipped.join('、') })} />}
      <Table<Row> size="small" rowKey="key" pagination={false} scroll={{ x: true }} dataSource={rows} loading={phase === 'loading'}
        columns={[
          { key: 'n', title: t('dataImport.batch.order'), width: 56, render: (_, _r, i) => i + 1 },
          { key: 'file', title: t('dataImport.file'), render: (_, r) => <Typography.Text style={{ wordBreak: 'break-all' }}>{r.fileName}</Typography.Text> },
          {
            key: 'object', title: t('dataImport.batch.object'), width: 170,
            render: (_, r) => phase === 'ready'
              ? <Select style={{ width: 150 }} value={r.object ?? undefined} placeholder={t('dataImport.batch.skipFile')} allowClear
                  options={objects.map((o) => ({ value: o.name, label: label(o.pluralLabel) }))}
                  onChange={(object?: string) => setItems((all) => sortItems(all.map((i) => (i.key === r.key ? { ...i, object: object ?? null } : i))))}
                  data-testid={`batch-object-${r.fileName}`} />
              : objectLabel(r.object),
          },
          { key: 'result', title: t('dataImport.batch.result'), width: 260, render: (_, r) => <ItemResult row={r} pending={phase === 'running' || phase === 'ready'} /> },
        ]} data-testid="batch-files" />
      <Space wrap style={{ marginTop: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Switch checked={createMissing} onChange={setCreateMissing} disabled={phase !== 'ready'} data-testid="batch-create-missing" />
          <span>{t('dataImport.createMissing')}</span>
        </Space>
        <Space wrap>
          {phase === 'ready' && <Button onClick={onClose}>{t('common.cancel')}</Button>}
          {phase === 'ready' && (
            <Button type="primary" disabled={!chosen.length} onClick={() => void run()} data-testid="batch-run">{t('dataImport.batch.run', { count: chosen.length })}</Button>
          )}
          {((phase === 'finished' || phase === 'failed') && undoable > 0 || phase === 'undoing') && (
            <Popconfirm title={t('dataImport.batch.undoConfirm', { count: undoable })} onConfirm={() => void undo()} okText={t('dataImport.undo')} cancelText={t('common.cancel')}>
              <Button danger loading={phase === 'undoing'} data-testid="batch-undo">{t('dataImport.batch.undo')}</Button>
            </Popconfirm>
          )}
          {phase !== 'ready' && phase !== 'running' && phase !== 'undoing' && <Button type={phase === 'undone' ? 'primary' : 'default'} onClick={onClose}>{t('dataImport.another')}</Button>}
        </Space>
      </Space>
      {phase === 'finished' && (
        <Alert style={{ marginTop: 12 }} type={stopped ? 'warning' : 'success'} showIcon data-testid="batch-finished"
          message={stopped ? t('dataImport.batch.stopped') : t('dataImport.batch.finished', { count: done })} />
      )}
      {phase === 'failed' && <Alert style={{ marginTop: 12 }} type="error" showIcon data-testid="batch-undo-failed" message={t('dataImport.batch.undoFailed', { error: batch?.error ?? '' })} />}
      {phase === 'undone' && <Alert style={{ marginTop: 12 }} type="info" showIcon data-testid="batch-undone" message={t('dataImport.batch.undone')} />}
    </div>
  );
}

function ItemResult({ row, pending }: { row: Row; pending: boolean }) {
  const { t } = useTranslation();
  const imp = row.imp;
  if (row.error) return <Typography.Text type="danger">{imp ? t('dataImport.batch.failedWith', { error: row.error }) : row.error}</Typography.Text>;
  if (!row.object) return <Typography.Text type="secondary">{t('dataImport.batch.notImported')}</Typography.Text>;
  // A file the page had not started when it was left: the browser no longer has it.
  if (!imp) return <Typography.Text type="secondary">{pending ? t('dataImport.batch.waiting') : t('dataImport.batch.notStarted')}</Typography.Text>;
  const busy = ['validating', 'running', 'undoing'].includes(imp.status);
  return (
    <Space direction="vertical" size={0} style={{ width: '100%' }} data-testid={`batch-result-${row.fileName}`}>
      <Space size={4} wrap>
        <Tag color={STATUS_COLOR[imp.status]}>{t(`dataImport.statuses.${imp.status}`, { defaultValue: imp.status })}</Tag>
        {(imp.status === 'done' || imp.status === 'undone') && <Link to={`/o/${imp.object}`}>{t('dataImport.countsText', { created: imp.created, updated: imp.updated, rejected: imp.rejected })}</Link>}
      </Space>
      {busy && <Progress size="small" percent={imp.totalRows ? Math.floor((imp.doneRows / imp.totalRows) * 100) : 0} status="active" />}
      {imp.rejected > 0 && imp.status === 'done' && <a href={`/api/v1/imports/${imp.id}/rejects.csv`}>{t('dataImport.downloadRejects')}</a>}
    </Space>
  );
}

/** Files in import order; files without an object last, each group by name. */
function sortItems(items: BatchItem[]): BatchItem[] {
  return [...items].sort((a, b) => (a.object ? orderOf(a.object) : 99) - (b.object ? orderOf(b.object) : 99) || a.file.name.localeCompare(b.file.name));
}
