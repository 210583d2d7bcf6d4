import { InboxOutlined } from '@ant-design/icons';
import type { DedupeKey, FieldDefinition, ImportOptions, ImportPreviewRow, ImportSummary } from '@crm/schema';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Progress, Result, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useObjectMeta } from '../../api/meta';
import { formatDateTime } from '../../engine/fields/format';
import { useLabel } from '../../i18n';
import { saveSettings, startRun, startUndo, startValidation, uploadFile, useImport, useImportHistory, useRejects } from './api';
import { MappingStep } from './MappingStep';
import { OptionsStep } from './OptionsStep';

const STATUS_COLOR: Record<string, string> = { done: 'green', failed: 'red', running: 'blue', validating: 'blue', undoing: 'orange', undone: 'default', uploaded: 'default', validated: 'cyan' };

/** /o/:object/import — upload → mapping → options and validation → run with live progress → result; history below. */
export default function ImportPage() {
  const { object = '' } = useParams();
  const meta = useObjectMeta(object);
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [id, setId] = useState<string | null>(null);
  const [step, setStep] = useState(0);
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [options, setOptions] = useState<ImportOptions | null>(null);
  const [preview, setPreview] = useState<ImportPreviewRow[]>([]);
  const [fields, setFields] = useState<FieldDefinition[]>([]);
  const [dedupeKeys, setDedupeKeys] = useState<DedupeKey[]>([]);
  const [saving, setSaving] = useState(false);
  const current = useImport(id);
  const imp = current.data?.data;
  const rejects = useRejects(id, Boolean(imp?.validated || imp?.status === 'done'));
  const history = useImportHistory(object);

  // The step follows the import's state when it changes in the background.
  useEffect(() => {
    if (!imp) return;
    if (['running', 'done', 'failed', 'undoing', 'undone'].includes(imp.status)) setStep(3);
    if (imp.status === 'done' || imp.status === 'undone' || imp.validated) void qc.invalidateQueries({ queryKey: ['imports', 'history', object] });
    if (imp.status === 'done' || imp.status === 'undone') void qc.invalidateQueries({ queryKey: ['records', object] });
  }, [imp?.status, imp?.validated]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (current.data?.preview) setPreview(current.data.preview);
    if (current.data?.fields) setFields(current.data.fields);
    if (current.data?.dedupeKeys) setDedupeKeys(current.data.dedupeKeys);
  }, [current.data?.preview, current.data?.fields, current.data?.dedupeKeys]);

  if (!meta) return <Result status="404" title={t('error.noObject')} />;
  if (meta.access.create === 'none') return <Result status="403" title={t('dataImport.notAllowed')} />;

  const fail = (e: unknown) => message.error((e as Error).message);
  const open = (data: ImportSummary, nextPreview?: ImportPreviewRow[], nextFields?: FieldDefinition[]) => {
    setId(data.id);
    setMapping(data.mapping);
    setOptions(data.options);
    if (nextPreview) setPreview(nextPreview);
    if (nextFields) setFields(nextFields);
    qc.setQueryData(['imports', data.id], { data, preview: nextPreview, fields: nextFields });
  };
  const onUpload = async (file: File) => {
    try {
      const res = await uploadFile(object, file);
      open(res.data, res.preview, res.fields);
      if (res.dedupeKeys) setDedupeKeys(res.dedupeKeys);
      setStep(1);
    } catch (e) {
      fail(e);
    }
  };
  const persist = async (body: { mapping?: Record<string, number>; options?: ImportOptions }) => {
    if (!id) return;
    setSaving(true);
    try {
      const res = await saveSettings(id, body);
      setPreview(res.preview ?? []);
      qc.setQueryData(['imports', id], { ...current.data, data: res.data, preview: res.preview });
    } catch (e) {
      fail(e);
    } finally {
      setSaving(false);
    }
  };
  const act = async (fn: (id: string) => Promise<{ data: ImportSummary }>) => {
    if (!id) return;
    try {
      const res = await fn(id);
      qc.setQueryData(['imports', id], { ...current.data, data: res.data });
      void current.refetch();
    } catch (e) {
      fail(e);
    }
  };
  const openFromHistory = (row: ImportSummary) => {
    setId(row.id);
    setMapping(row.mapping);
    setOptions(row.options);
    setStep(['uploaded', 'validated', 'validating'].includes(row.status) ? 1 : 3);
  };

  const hasRelations = fields.some((f) => f.type === 'relation' && f.name in mapping);
  const percent = imp?.totalRows ? Math.floor((imp.doneRows / imp.totalRows) * 100) : 0;
  const busy = Boolean(imp && ['validating', 'running', 'undoing'].includes(imp.status));

  return (
    <div className="crm-page" data-testid="import-page">
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('dataImport.title', { object: label(meta.pluralLabel) })}</Typography.Title>
        <Link to={`/o/${object}`}>{t('dataImport.backToList')}</Link>
      </Space>
      <Card>
        <Steps size="small" current={step} style={{ marginBottom: 20 }} responsive
          items={[{ title: t('dataImport.step.upload') }, { title: t('dataImport.step.mapping') }, { title: t('dataImport.step.check') }, { title: t('dataImport.step.run') }]} />
        {step === 0 && (
          <Upload.Dragger accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" showUploadList={false} multiple={false}
            customRequest={({ file }) => void onUpload(file as File)} data-testid="import-upload">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('dataImport.dropFile')}</p>
            <p className="ant-upload-hint">{t('dataImport.fileHint')}</p>
          </Upload.Dragger>
        )}
        {step === 1 && imp && (
          <MappingStep imp={imp} fields={fields} preview={preview} mapping={mapping} saving={saving}
            onChange={(next) => { setMapping(next); void persist({ mapping: next }); }}
            onNext={() => setStep(2)} />
        )}
        {step === 2 && imp && options && (
          <>
            <Button type="link" style={{ paddingLeft: 0 }} onClick={() => setStep(1)}>{t('dataImport.back')}</Button>
            <OptionsStep imp={imp} options={options} hasRelations={hasRelations} dedupeKeys={dedupeKeys} rejects={rejects.data} busy={busy || saving}
              onChange={(next) => { setOptions(next); void persist({ options: next }); }}
              onValidate={() => void act(startValidation)}
              onRun={() => { void act(startRun); setStep(3); }} />
          </>
        )}
        {step === 3 && imp && (
          <div data-testid="import-result">
            {busy && (
              <>
                <Typography.Text>{imp.status === 'undoing' ? t('dataImport.undoing') : imp.validated ? t('dataImport.writing') : t('dataImport.checking')}</Typography.Text>
                <Progress percent={imp.status === 'running' && imp.validated ? percent : 0} status="active" data-testid="import-progress" />
                <Typography.Text type="secondary">{t('dataImport.progress', { done: imp.doneRows, total: imp.totalRows ?? '…' })}</Typography.Text>
              </>
            )}
            {!busy && (
              <Result status={imp.status === 'failed' ? 'error' : 'success'} data-testid={`import-${imp.status}`}
                title={t(`dataImport.finished.${imp.status}`, { defaultValue: imp.status })}
                subTitle={imp.error ?? undefined}
                extra={
                  <Space wrap>
                    <Link to={`/o/${object}`}><Button type="primary">{t('dataImport.viewRecords')}</Button></Link>
                    {imp.rejected > 0 && <Button href={`/api/v1/imports/${imp.id}/rejects.csv`} data-testid="rejects-download">{t('dataImport.downloadRejects')}</Button>}
                    {imp.status === 'failed' && <Button type="primary" onClick={() => void act(startRun)} data-testid="import-resume">{t('dataImport.resume')}</Button>}
                    {(imp.status === 'done' || imp.status === 'failed') && (
                      <Popconfirm title={t('dataImport.undoConfirm')} onConfirm={() => void act(startUndo)} okText={t('dataImport.undo')} cancelText={t('common.cancel')}>
                        <Button danger data-testid="import-undo">{t('dataImport.undo')}</Button>
                      </Popconfirm>
                    )}
                    <Button onClick={() => { setId(null); setStep(0); }}>{t('dataImport.another')}</Button>
                  </Space>
                }
              />
            )}
            {imp.status === 'done' && imp.indexing && (
              <div data-testid="import-indexing" style={{ maxWidth: 560, margin: '0 auto 16px' }}>
                {imp.indexing.status === 'pending' && <Progress percent={imp.indexing.total ? Math.floor((imp.indexing.done / imp.indexing.total) * 100) : 0} status="active" />}
                <Typography.Text type="secondary">{t(imp.indexing.status === 'pending' ? 'dataImport.indexing' : 'dataImport.indexed', { done: imp.indexing.done, total: imp.indexing.total })}</Typography.Text>
              </div>
            )}
            <Space size="large" wrap style={{ justifyContent: 'center', width: '100%' }}>
              <Statistic title={t('dataImport.created')} value={imp.created} valueStyle={{ color: '#389e0d' }} />
              <Statistic title={t('dataImport.updated')} value={imp.updated} />
              <Statistic title={t('dataImport.skipped')} value={imp.skipped} />
              <Statistic title={t('dataImport.rejected')} value={imp.rejected} valueStyle={imp.rejected ? { color: '#cf1322' } : undefined} />
            </Space>
          </div>
        )}
      </Card>
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t('dataImport.history')}</Typography.Title>
      <Table<ImportSummary> size="small" rowKey="id" loading={history.isLoading} dataSource={history.data} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: true }}
        locale={{ emptyText: t('dataImport.noHistory') }} data-testid="import-history"
        columns={[
          { key: 'file', title: t('dataImport.file'), ellipsis: true, render: (_, r) => <a onClick={() => openFromHistory(r)}>{r.fileName}</a> },
          { key: 'status', title: t('dataImport.status'), width: 110, render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{t(`dataImport.statuses.${r.status}`, { defaultValue: r.status })}</Tag> },
          { key: 'counts', title: t('dataImport.counts'), width: 200, render: (_, r) => t('dataImport.countsText', { created: r.created, updated: r.updated, rejected: r.rejected }) },
          { key: 'at', title: t('dataImport.at'), width: 150, render: (_, r) => formatDateTime(r.createdAt) },
        ]} />
    </div>
  );
}
