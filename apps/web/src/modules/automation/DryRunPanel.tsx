import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Alert, Button, Card, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field, ObjectMeta } from '../../api/meta';
import { FieldInput } from '../../engine/fields';
import { dryRun, type DryRunResult, type RuleInput } from './api';

/** Pick a record and see what the rule (as edited, unsaved) would do to it; nothing is written. */
export function DryRunPanel({ meta, rule }: { meta: ObjectMeta | undefined; rule: RuleInput }) {
  const { t } = useTranslation();
  const [recordId, setRecordId] = useState<string | null>(null);
  const [result, setResult] = useState<DryRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const picker = meta ? ({ name: 'record', type: 'relation', relation: { object: meta.name }, label: meta.label } as unknown as Field) : null;

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult((await dryRun(rule, recordId)).data);
    } catch (e) {
      setResult(null);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('automation.dryRun.title')} data-testid="dry-run">
      <Space wrap style={{ marginBottom: 8 }}>
        {picker && <div style={{ width: 260, maxWidth: '100%' }} className="automation-fill" data-testid="dry-run-record"><FieldInput field={picker} value={recordId} onChange={(v) => setRecordId((v as string) ?? null)} /></div>}
        <Button onClick={run} loading={busy} data-testid="dry-run-button">{t('automation.dryRun.run')}</Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
      {result && (
        <div data-testid="dry-run-result">
          <Typography.Paragraph strong>{result.matched ? t('automation.dryRun.matched') : t('automation.dryRun.notMatched')}</Typography.Paragraph>
          {result.conditions.map((c, i) => (
            <div key={i} style={{ wordBreak: 'break-word' }}>
              {c.matched ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />} {c.field} {t(`filter.op.${c.op}`)} {JSON.stringify(c.value ?? '')} — {t('automation.dryRun.actual')} {JSON.stringify(c.actual)}
            </div>
          ))}
          {result.matched && (
            <List size="small" header={t('automation.dryRun.wouldDo')} dataSource={result.actions} renderItem={(a) => <List.Item style={{ wordBreak: 'break-word' }}>{a.position + 1}. {a.description}</List.Item>} />
          )}
        </div>
      )}
    </Card>
  );
}
