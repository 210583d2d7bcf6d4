import type { DedupeKey, FieldDefinition, ImportOptions, ImportPreviewRow, ImportSummary } from '@crm/schema';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Grid, Result, Space, Steps, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../api/auth';
import { useCurrencySettings } from '../../api/currency';
import { metaKey, useObjectMeta, useObjects } from '../../api/meta';
import { formatDateTime } from '../../engine/fields/format';
import { useLabel } from '../../i18n';
import { addOption, saveSettings, startRun, startUndo, startValidation, uploadFile, useImport, useImportHistory, useRejects, useValueColumns, STATUS_COLOR, type ImportWithPreview } from './api';
import { BatchImport } from './batch/BatchImport';
import { BatchHistory } from './batch/BatchHistory';
import { csvHeaders, proposeObject } from './batch/propose-object';
import type { BatchItem } from './batch/run-batch';
import { isZip, unpackFiles } from './batch/unpack-files';
import { ConstantsStep } from './ConstantsStep';
import { EncodingSelect } from './EncodingSelect';
import { MappingStep } from './MappingStep';
import { OptionsStep } from './OptionsStep';
import { RunStep } from './RunStep';
import { TemplateBar } from './TemplateBar';
import { UploadStep } from './UploadStep';
import { ValuesStep } from './ValuesStep';

const STEP = { upload: 0, mapping: 1, values: 2, constants: 3, check: 4, run: 5 } as const;
const STEP_KEYS = ['upload', 'mapping', 'values', 'constants', 'check', 'run'] as const;

/**
 * /o/:object/import — upload → column mapping (encoding, templates) → value mapping → constants →
 * options and validation → run with live progress → result; several files or a zip go to the
 * batch import instead. History below.
 */
export default function ImportPage() {
  const { object = '' } = useParams();
  const meta = useObjectMeta(object);
  const objects = useObjects().data ?? [];
  const admin = Boolean(useMe().data?.permissions.admin);
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const wide = Grid.useBreakpoint().md !== false;
  const qc = useQueryClient();
  const [id, setId] = useState<string | null>(null);
  const [step, setStep] = useState<number>(STEP.upload);
  const [mapping, setMapping] = useState<Record<string, number>>({});
  const [options, setOptions] = useState<ImportOptions | null>(null);
  const [preview, setPreview] = useState<ImportPreviewRow[]>([]);
  const [fields, setFields] = useState<FieldDefinition[]>([]);
  const [dedupeKeys, setDedupeKeys] = useState<DedupeKey[]>([]);
  const [saving, setSaving] = useState(false);
  const [batch, setBatch] = useState<{ items: BatchItem[]; skipped: string[] } | null>(null);
  // A batch of several files lives on the server; the URL names it so a reload comes back to it.
  const [params, setParams] = useSearchParams();
  const batchId = params.get('batch');
  const openBatch = (id: string | null) => setParams(id ? { batch: id } : {}, { replace: Boolean(id && batch) });
  const current = useImport(id);
  const imp = current.data?.data;
  const rejects = useRejects(id, Boolean(imp?.validated || imp?.status === 'done'));
  const history = useImportHistory(object);
  const companyRegion = useCurrencySettings().data?.phoneRegion ?? 'CN';
  const values = useValueColumns(step === STEP.values ? id : null, `${JSON.stringify(mapping)}:${imp?.encoding}`);

  // The step follows the import's state when it changes in the background.
  useEffect(() => {
    if (!imp) return;
    if (['running', 'done', 'failed', 'undoing', 'undone'].includes(imp.status)) setStep(STEP.run);
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
  const open = (res: ImportWithPreview) => {
    setId(res.data.id);
    setMapping(res.data.mapping);
    setOptions(res.data.options);
    if (res.preview) setPreview(res.preview);
    if (res.fields) setFields(res.fields);
    if (res.dedupeKeys) setDedupeKeys(res.dedupeKeys);
    qc.setQueryData(['imports', res.data.id], { ...current.data, ...res });
  };
  const onFiles = async (files: File[]) => {
    try {
      if (files.length === 1 && !isZip(files[0])) {
        open(await uploadFile(object, files[0]));
        setStep(STEP.mapping);
        return;
      }
      const { tables, skipped } = await unpackFiles(files);
      const items = await Promise.all(tables.map(async (file, i) => ({ key: `${i}:${file.name}`, file, object: proposeObject(file.name, await csvHeaders(file), objects) })));
      setBatch({ items, skipped });
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
  const changeOptions = (next: ImportOptions) => {
    setOptions(next);
    void persist({ options: next });
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
  const onAddOption = async (field: FieldDefinition, value: string) => {
    await addOption(object, field, value);
    await qc.invalidateQueries({ queryKey: metaKey });
    const fresh = await current.refetch();
    if (fresh.data?.fields) setFields(fresh.data.fields);
    changeOptions({ ...options!, values: { ...options!.values, [field.name]: { ...options!.values[field.name], [value]: value } } });
    await values.refetch();
  };
  const openFromHistory = (row: ImportSummary) => {
    setBatch(null);
    openBatch(null);
    setId(row.id);
    setMapping(row.mapping);
    setOptions(row.options);
    setStep(['uploaded', 'validated', 'validating'].includes(row.status) ? STEP.mapping : STEP.run);
  };
  const reset = () => {
    setId(null);
    setBatch(null);
    openBatch(null);
    setStep(STEP.upload);
  };

  const hasRelations = fields.some((f) => f.type === 'relation' && f.name in mapping);
  const hasPhones = fields.some((f) => f.type === 'phone' && f.name in mapping);
  const busy = Boolean(imp && ['validating', 'running', 'undoing'].includes(imp.status));
  const back = (to: number, text: string) => <Button type="link" style={{ paddingLeft: 0 }} onClick={() => setStep(to)}>{text}</Button>;
  const next = (to: number, testId: string) => (
    <div style={{ marginTop: 16, textAlign: 'right' }}>
      {/* Not blocked while a choice is saved: the validation waits for the save instead. */}
      <Button type="primary" onClick={() => setStep(to)} data-testid={testId}>{t('dataImport.next')}</Button>
    </div>
  );

  return (
    <div className="crm-page" data-testid="import-page">
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('dataImport.title', { object: label(meta.pluralLabel) })}</Typography.Title>
        <Link to={`/o/${object}`}>{t('dataImport.backToList')}</Link>
      </Space>
      <Card>
        {batch || batchId ? (
          <BatchImport key={batch ? 'new' : batchId} initial={batch?.items ?? []} skipped={batch?.skipped ?? []} batchId={batchId} onBatch={openBatch} onClose={reset} />
        ) : (
          <>
            {wide ? (
              <Steps size="small" current={step} style={{ marginBottom: 20 }} items={STEP_KEYS.map((key) => ({ title: t(`dataImport.step.${key}`) }))} />
            ) : (
              // Six vertical steps would fill a phone screen: the current one is named instead.
              <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="import-step">
                {t('dataImport.stepOf', { n: step + 1, total: STEP_KEYS.length, name: t(`dataImport.step.${STEP_KEYS[step]}`) })}
              </Typography.Title>
            )}
            {step === STEP.upload && <UploadStep onFiles={(files) => void onFiles(files)} />}
            {step === STEP.mapping && imp && options && (
              <MappingStep imp={imp} fields={fields} preview={preview} mapping={mapping} saving={saving}
                onChange={(nextMapping) => { setMapping(nextMapping); void persist({ mapping: nextMapping }); }}
                onNext={() => setStep(STEP.values)}
                toolbar={
                  <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
                    {imp.format === 'csv' ? <EncodingSelect value={imp.encoding ?? 'utf-8'} disabled={saving} onChange={(encoding) => changeOptions({ ...options, encoding })} /> : <span />}
                    <TemplateBar object={object} importId={imp.id} fileName={imp.fileName} onApplied={open} />
                  </Space>
                } />
            )}
            {step === STEP.values && options && (
              <>
                {back(STEP.mapping, t('dataImport.back'))}
                <ValuesStep columns={values.data} loading={values.isLoading} fields={fields} headers={imp?.headers ?? []} options={options} onChange={changeOptions} onAddOption={onAddOption} />
                {next(STEP.constants, 'import-values-next')}
              </>
            )}
            {step === STEP.constants && options && (
              <>
                {back(STEP.values, t('dataImport.backTo.values'))}
                <ConstantsStep fields={fields.filter((f) => admin || !['created_at', 'closed_at'].includes(f.name))} mapping={mapping} options={options} onChange={changeOptions} />
                {next(STEP.check, 'import-constants-next')}
              </>
            )}
            {step === STEP.check && imp && options && (
              <>
                {back(STEP.constants, t('dataImport.backTo.constants'))}
                <OptionsStep imp={imp} options={options} hasRelations={hasRelations} hasPhones={hasPhones} companyRegion={companyRegion} dedupeKeys={dedupeKeys} rejects={rejects.data} busy={busy || saving}
                  onChange={changeOptions}
                  onValidate={() => void act(startValidation)}
                  onRun={() => { void act(startRun); setStep(STEP.run); }}
                  extra={<TemplateBar object={object} importId={imp.id} fileName={imp.fileName} onApplied={open} saveOnly />} />
              </>
            )}
            {step === STEP.run && imp && (
              <RunStep imp={imp} busy={busy} onResume={() => void act(startRun)} onUndo={() => void act(startUndo)} onAnother={reset} />
            )}
          </>
        )}
      </Card>
      <BatchHistory onOpen={(id) => { setBatch(null); setId(null); openBatch(id); }} />
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
