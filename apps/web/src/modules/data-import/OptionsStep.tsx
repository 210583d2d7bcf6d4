import type { DedupeKey, ImportOptions, ImportReject, ImportSummary } from '@crm/schema';
import { Alert, Button, Checkbox, Progress, Radio, Space, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LinkStatsList } from './LinkStatsList';
import { PhoneOptions } from './PhoneOptions';
import { WarningList } from './WarningList';

interface Props {
  imp: ImportSummary;
  options: ImportOptions;
  hasRelations: boolean;
  /** A phone column is mapped: how its cells are read is asked. */
  hasPhones: boolean;
  /** The company's default phone region (Settings). */
  companyRegion: string;
  /** The dedupe keys this object offers. */
  dedupeKeys: DedupeKey[];
  rejects: ImportReject[] | undefined;
  onChange(options: ImportOptions): void;
  onValidate(): void;
  onRun(): void;
  busy: boolean;
  /** Beside the run button (save as template). */
  extra?: React.ReactNode;
}

/** Dedupe policy and keys, create-missing-relations, how phones are read, then validation of every row before the run. */
export function OptionsStep({ imp, options, hasRelations, hasPhones, companyRegion, dedupeKeys, rejects, onChange, onValidate, onRun, busy, extra }: Props) {
  const { t } = useTranslation();
  const dedupe = options.dedupe;
  const validating = imp.status === 'validating';
  return (
    <div data-testid="import-options">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>{t('dataImport.duplicates')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Radio.Group value={dedupe.policy} onChange={(e) => onChange({ ...options, dedupe: { ...dedupe, policy: e.target.value } })} data-testid="dedupe-policy">
              <Radio value="skip">{t('dataImport.policy.skip')}</Radio>
              <Radio value="update">{t('dataImport.policy.update')}</Radio>
              <Radio value="create">{t('dataImport.policy.create')}</Radio>
            </Radio.Group>
          </div>
          {dedupe.policy !== 'create' && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('dataImport.matchOn')} </Typography.Text>
              <Checkbox.Group value={dedupe.keys} onChange={(keys) => onChange({ ...options, dedupe: { ...dedupe, keys: keys as ImportOptions['dedupe']['keys'] } })}
                options={dedupeKeys.map((key) => ({ value: key, label: t(`dataImport.key.${key}`) }))} />
            </div>
          )}
        </div>
        {hasRelations && (
          <Space>
            <Switch checked={options.createMissingRelations} onChange={(v) => onChange({ ...options, createMissingRelations: v })} data-testid="create-missing" />
            <span>{t('dataImport.createMissing')}</span>
          </Space>
        )}
        {hasPhones && <PhoneOptions options={options} onChange={onChange} companyRegion={companyRegion} />}
        <div>
          <Button onClick={onValidate} loading={validating} disabled={busy} data-testid="import-validate">{t('dataImport.validate')}</Button>
          {validating && <Progress percent={imp.validatedRows ? 99 : 1} status="active" showInfo={false} style={{ maxWidth: 320 }} />}
          {validating && <Typography.Text type="secondary"> {t('dataImport.checked', { count: imp.validatedRows })}</Typography.Text>}
        </div>
        {imp.validated && (
          <Alert type={imp.rejected ? 'warning' : 'success'} showIcon data-testid="import-validation"
            message={t('dataImport.validation', { total: imp.totalRows ?? 0, ok: (imp.totalRows ?? 0) - imp.rejected, rejected: imp.rejected })}
            description={imp.rejected ? <a href={`/api/v1/imports/${imp.id}/rejects.csv`} data-testid="rejects-download">{t('dataImport.downloadRejects')}</a> : undefined} />
        )}
        {imp.validated && <LinkStatsList imp={imp} />}
        {imp.validated && <WarningList imp={imp} />}
        {imp.validated && rejects && rejects.length > 0 && (
          <Table size="small" rowKey="row" pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }} scroll={{ x: true }} dataSource={rejects}
            columns={[{ key: 'row', title: t('dataImport.row'), width: 64, dataIndex: 'row' }, { key: 'reason', title: t('dataImport.problem'), dataIndex: 'reason' }]} />
        )}
        <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
          {extra ?? <span />}
          <Button type="primary" onClick={onRun} disabled={busy || validating} data-testid="import-run">{t('dataImport.run')}</Button>
        </div>
      </Space>
    </div>
  );
}
