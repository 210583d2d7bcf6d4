import { Alert, Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { liveFields, type ObjectMeta } from '../../api/meta';
import { FieldInput } from '../../engine/fields';
import { formatDateTime } from '../../engine/fields/format';
import { defaultWebsiteTrigger, WebsiteTriggerFields } from '../marketing-tracking/WebsiteTriggerFields';
import { defaultScoreTrigger, ScoreTriggerFields } from '../marketing-scoring/ScoreTriggerFields';
import { useLabel } from '../../i18n';
import { useCronPreview, type Trigger } from './api';

export const TRIGGER_KINDS = ['record_created', 'record_updated', 'field_changed', 'record_deleted', 'time_relative', 'no_activity', 'schedule', 'event', 'website_activity', 'score_crosses'];
const CRON_PRESETS = ['0 9 * * *', '0 9 * * 1', '0 9 1 * *'];

/** What each trigger kind starts with when picked. */
export function defaultTrigger(kind: string, meta: ObjectMeta | undefined): Trigger {
  const dateField = meta && liveFields(meta).find((f) => f.type === 'datetime' || f.type === 'date');
  switch (kind) {
    case 'field_changed':
      return { kind, field: meta ? liveFields(meta).find((f) => !f.system)?.name ?? 'name' : 'name' };
    case 'time_relative':
      return { kind, field: dateField?.name ?? '', amount: 1, unit: 'days', direction: 'before' };
    case 'no_activity':
      return { kind, days: 14 };
    case 'schedule':
      return { kind, cron: '0 9 * * 1' };
    case 'event':
      return { kind, event: 'web_form.submitted' };
    case 'website_activity':
      return defaultWebsiteTrigger(kind);
    case 'score_crosses':
      return defaultScoreTrigger(kind);
    default:
      return { kind };
  }
}

/** Trigger picker: kind, then the settings that kind needs (field, from/to, offset, cron with its next runs). */
export function TriggerForm({ meta, value, onChange }: { meta: ObjectMeta | undefined; value: Trigger; onChange: (t: Trigger) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const set = (patch: Record<string, unknown>) => onChange({ ...value, ...patch });
  const fields = meta ? liveFields(meta).filter((f) => !['id', 'version', 'deleted_at'].includes(f.name)) : [];
  const field = fields.find((f) => f.name === value.field);
  const cron = useCronPreview(value.kind === 'schedule' ? String(value.cron ?? '') : undefined);

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="trigger-form">
      <Select
        style={{ width: 280, maxWidth: '100%' }}
        value={value.kind}
        data-testid="trigger-kind"
        onChange={(kind) => onChange(defaultTrigger(kind, meta))}
        options={TRIGGER_KINDS.map((k) => ({ value: k, label: t(`automation.trigger.${k}`) }))}
      />
      {value.kind === 'field_changed' && (
        <Space wrap align="start">
          <Select
            style={{ width: 200 }}
            value={value.field as string}
            data-testid="trigger-field"
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(name) => onChange({ kind: value.kind, field: name })}
            options={fields.map((f) => ({ value: f.name, label: label(f.label) }))}
          />
          {field && (
            <>
              <span>{t('automation.trigger.from')}</span>
              <div style={{ width: 180 }} className="automation-fill" data-testid="trigger-from">
                <FieldInput field={field} value={value.from ?? null} onChange={(v) => set({ from: v ?? undefined })} />
              </div>
              <span>{t('automation.trigger.to')}</span>
              <div style={{ width: 180 }} className="automation-fill" data-testid="trigger-to">
                <FieldInput field={field} value={value.to ?? null} onChange={(v) => set({ to: v ?? undefined })} />
              </div>
            </>
          )}
        </Space>
      )}
      {value.kind === 'time_relative' && (
        <Space wrap>
          <InputNumber min={0} value={value.amount as number} onChange={(v) => set({ amount: v ?? 0 })} data-testid="trigger-amount" />
          <Select style={{ width: 100 }} value={value.unit as string} onChange={(unit) => set({ unit })} options={['minutes', 'hours', 'days'].map((u) => ({ value: u, label: t(`automation.unit.${u}`) }))} />
          <Select style={{ width: 100 }} value={value.direction as string} onChange={(direction) => set({ direction })} options={['before', 'after'].map((d) => ({ value: d, label: t(`automation.trigger.${d}`) }))} />
          <Select
            style={{ width: 200 }}
            value={value.field as string}
            data-testid="trigger-field"
            onChange={(name) => set({ field: name })}
            options={fields.filter((f) => f.type === 'date' || f.type === 'datetime').map((f) => ({ value: f.name, label: label(f.label) }))}
          />
        </Space>
      )}
      {value.kind === 'no_activity' && (
        <Space>
          <span>{t('automation.trigger.noActivityFor')}</span>
          <InputNumber min={1} max={3650} value={value.days as number} onChange={(v) => set({ days: v ?? 1 })} data-testid="trigger-days" />
          <span>{t('automation.unit.days')}</span>
        </Space>
      )}
      {value.kind === 'schedule' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Input style={{ width: 200, fontFamily: 'monospace' }} value={value.cron as string} onChange={(e) => set({ cron: e.target.value })} data-testid="trigger-cron" />
            {CRON_PRESETS.map((p) => (
              <Button key={p} size="small" onClick={() => set({ cron: p })}>
                {t(`automation.cronPreset.${p.replace(/\W+/g, '_')}`)}
              </Button>
            ))}
          </Space>
          {cron.data && (
            <Typography.Text type="secondary" data-testid="cron-preview">
              {t('automation.trigger.nextRuns', { tz: cron.data.timeZone })} {cron.data.next.map((n) => formatDateTime(n)).join(' · ')}
            </Typography.Text>
          )}
          {cron.error && <Alert type="error" showIcon title={cron.error.message} />}
        </Space>
      )}
      {value.kind === 'website_activity' && <WebsiteTriggerFields value={value} onChange={onChange} />}
      {value.kind === 'score_crosses' && <ScoreTriggerFields value={value} onChange={onChange} />}
      {value.kind === 'event' && <Input style={{ width: 280 }} value={value.event as string} onChange={(e) => set({ event: e.target.value })} placeholder="webform.submitted" data-testid="trigger-event" />}
    </Space>
  );
}
