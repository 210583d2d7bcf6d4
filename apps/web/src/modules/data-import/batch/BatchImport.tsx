import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Popconfirm, Progress, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useObjects } from '../../../api/meta';
import { useLabel } from '../../../i18n';
import { STATUS_COLOR, type ImportWithPreview } from '../api';
import { orderOf } from './propose-object';
import { runBatch, undoBatch, type BatchItem } from './run-batch';

interface Props {
  initial: BatchItem[];
  skipped: string[];
  onClose(): void;
}

/** Required fields of a freshly uploaded file that no column and no default fills. */
function unmappedRequired(res: ImportWithPreview, label: (l: { zh: string; en: string }) => string): string[] {
  return (res.fields ?? []).filter((f) => f.required && f.defaultValue === undefined && !(f.name in res.data.mapping)).map((f) => label(f.label));
}

/**
 * Several files (or a zip of them) in one go: each gets the object proposed by its name or headers,
 * they run in the order customers → contacts → deals → follow-ups so relation columns resolve
 * against what the earlier files created, and the whole batch is undone in one step.
 */
export function BatchImport({ initial, skipped, onClose }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const objects = (useObjects().data ?? []).filter((o) => o.access.create !== 'none');
  const [items, setItems] = useState<BatchItem[]>(() => sortItems(initial));
  const [createMissing, setCreateMissing] = useState(false);
  const [phase, setPhase] = useState<'ready' | 'running' | 'finished' | 'undoing' | 'undone'>('ready');

  const update = (key: string, patch: Partial<BatchItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const objectLabel = (name: string | null) => {
    const meta = objects.find((o) => o.name === name);
    return meta ? label(meta.pluralLabel) : '—';
  };
  const run = async () => {
    setPhase('running');
    await runBatch(items.filter((i) => i.object), createMissing, update, (res) => unmappedRequired(res, label));
    setPhase('finished');
    void qc.invalidateQueries({ queryKey: ['records'] });
    void qc.invalidateQueries({ queryKey: ['imports', 'history'] });
  };
  const undo = async () => {
    setPhase('undoing');
    await undoBatch(items, update);
    setPhase('undone');
    void qc.invalidateQueries({ queryKey: ['records'] });
    void qc.invalidateQueries({ queryKey: ['imports', 'history'] });
  };
  const done = items.filter((i) => i.imp?.status === 'done').length;
  const failed = items.some((i) => i.error);
  const working = phase === 'running' || phase === 'undoing';

  return (
    <div data-testid="import-batch">
      <Typography.Paragraph type="secondary">{t('dataImport.batch.hint')}</Typography.Paragraph>
      {skipped.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('dataImport.batch.skipped', { files: skipped.join('、') })} />}
      <Table<BatchItem> size="small" rowKey="key" pagination={false} scroll={{ x: true }} dataSource={items}
        columns={[
          { key: 'n', title: t('dataImport.batch.order'), width: 56, render: (_, _r, i) => i + 1 },
          { key: 'file', title: t('dataImport.file'), render: (_, r) => <Typography.Text style={{ wordBreak: 'break-all' }}>{r.file.name}</Typography.Text> },
          {
            key: 'object', title: t('dataImport.batch.object'), width: 170,
            render: (_, r) => phase === 'ready'
              ? <Select style={{ width: 150 }} value={r.object ?? undefined} placeholder={t('dataImport.batch.skipFile')} allowClear
                  options={objects.map((o) => ({ value: o.name, label: label(o.pluralLabel) }))}
                  onChange={(object?: string) => setItems((all) => sortItems(all.map((i) => (i.key === r.key ? { ...i, object: object ?? null } : i))))}
                  data-testid={`batch-object-${r.file.name}`} />
              : objectLabel(r.object),
          },
          { key: 'result', title: t('dataImport.batch.result'), width: 260, render: (_, r) => <ItemResult item={r} /> },
        ]} data-testid="batch-files" />
      <Space wrap style={{ marginTop: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Switch checked={createMissing} onChange={setCreateMissing} disabled={phase !== 'ready'} data-testid="batch-create-missing" />
          <span>{t('dataImport.createMissing')}</span>
        </Space>
        <Space wrap>
          {phase === 'ready' && <Button onClick={onClose}>{t('common.cancel')}</Button>}
          {phase === 'ready' && (
            <Button type="primary" disabled={!items.some((i) => i.object)} onClick={() => void run()} data-testid="batch-run">{t('dataImport.batch.run', { count: items.filter((i) => i.object).length })}</Button>
          )}
          {(phase === 'finished' || phase === 'undoing') && done > 0 && (
            <Popconfirm title={t('dataImport.batch.undoConfirm', { count: done })} onConfirm={() => void undo()} okText={t('dataImport.undo')} cancelText={t('common.cancel')}>
              <Button danger loading={phase === 'undoing'} data-testid="batch-undo">{t('dataImport.batch.undo')}</Button>
            </Popconfirm>
          )}
          {!working && phase !== 'ready' && <Button type={phase === 'undone' ? 'primary' : 'default'} onClick={onClose}>{t('dataImport.another')}</Button>}
        </Space>
      </Space>
      {phase === 'finished' && (
        <Alert style={{ marginTop: 12 }} type={failed ? 'warning' : 'success'} showIcon data-testid="batch-finished"
          message={failed ? t('dataImport.batch.stopped') : t('dataImport.batch.finished', { count: done })} />
      )}
      {phase === 'undone' && <Alert style={{ marginTop: 12 }} type="info" showIcon data-testid="batch-undone" message={t('dataImport.batch.undone')} />}
    </div>
  );
}

function ItemResult({ item }: { item: BatchItem }) {
  const { t } = useTranslation();
  const imp = item.imp;
  if (item.error) return <Typography.Text type="danger">{imp ? t('dataImport.batch.failedWith', { error: item.error }) : item.error}</Typography.Text>;
  if (!item.object) return <Typography.Text type="secondary">{t('dataImport.batch.notImported')}</Typography.Text>;
  if (!imp) return <Typography.Text type="secondary">{t('dataImport.batch.waiting')}</Typography.Text>;
  const busy = ['validating', 'running', 'undoing'].includes(imp.status);
  return (
    <Space direction="vertical" size={0} style={{ width: '100%' }} data-testid={`batch-result-${item.file.name}`}>
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
