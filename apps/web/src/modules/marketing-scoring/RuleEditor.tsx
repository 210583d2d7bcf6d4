import type { FilterCondition } from '@crm/schema';
import { App, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveFields, useObjectMeta } from '../../api/meta';
import { ApiError } from '../../api/client';
import { ConditionValue } from '../../engine/list/ConditionValue';
import { fromFilter, needsValue, operatorsFor, toFilter, type Condition } from '../../engine/list/filterModel';
import { useLabel } from '../../i18n';
import { ACTIVITIES, useSaveRule, type Activity, type RuleInput, type ScoredObject, type ScoringRule } from './api';

const EMPTY: RuleInput = { name: '', kind: 'behaviour', object: null, activity: 'page_view', match: '/pricing', condition: null, points: 10, halfLifeDays: 30, maxPoints: null, active: true };
/** Activities whose match is a text the subject contains; `custom` names the event exactly; e-mails have none. */
const MATCHES: Partial<Record<Activity, 'contains' | 'exact'>> = { page_view: 'contains', download: 'contains', outbound_click: 'contains', form_submit: 'contains', custom: 'exact' };
const SKIPPED_FIELDS = new Set(['id', 'version', 'deleted_at', 'score', 'score_reasons']);

/** The fit rule's field condition: field, operator and a value input fitting the field's type. */
function FitCondition({ object, value, onChange, error }: { object: ScoredObject; value: FilterCondition | null; onChange: (c: FilterCondition | null) => void; error?: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const meta = useObjectMeta(object);
  const fields = meta ? liveFields(meta).filter((f) => !SKIPPED_FIELDS.has(f.name)) : [];
  const draft: Condition | undefined = value && meta ? fromFilter(value, fields).conditions[0] ?? { field: value.field, op: value.op } : undefined;
  const field = fields.find((f) => f.name === draft?.field);
  const emit = (c: Condition) => {
    const wire = toFilter({ join: 'and', conditions: [c] }, fields);
    // An incomplete condition (no value yet) is kept as typed so the inputs stay filled.
    onChange(wire && 'field' in wire ? wire : { field: c.field, op: c.op, ...(c.value !== undefined ? { value: c.value } : {}) });
  };
  return (
    <Form.Item label={t('scoring.condition')} required validateStatus={error ? 'error' : undefined} help={error}>
      <Space wrap style={{ width: '100%' }} data-testid="scoring-condition">
        <Select
          style={{ width: 180 }}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('scoring.pickField')}
          value={draft?.field}
          data-testid="scoring-field"
          onChange={(name) => {
            const f = fields.find((x) => x.name === name)!;
            emit({ field: name, op: operatorsFor(f)[0] });
          }}
          options={fields.map((f) => ({ value: f.name, label: label(f.label) }))}
        />
        {field && draft && (
          <Select style={{ width: 130 }} value={draft.op} data-testid="scoring-op" onChange={(op) => emit({ ...draft, op, value: undefined })} options={operatorsFor(field).map((op) => ({ value: op, label: t(`filter.op.${op}`) }))} />
        )}
        {field && draft && needsValue(draft.op) && (
          <div style={{ minWidth: 180 }} data-testid="scoring-value">
            <ConditionValue field={field} condition={draft} onChange={(v) => emit({ ...draft, value: v })} />
          </div>
        )}
      </Space>
    </Form.Item>
  );
}

/** Adds or changes a scoring rule: what it counts (an activity or a field condition), its points and how they fade. */
export function RuleEditor({ rule, onClose }: { rule: ScoringRule | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveRule();
  const [draft, setDraft] = useState<RuleInput>(rule === 'new' ? EMPTY : { ...rule });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<RuleInput>) => setDraft((d) => ({ ...d, ...patch }));
  const behaviour = draft.kind === 'behaviour';
  const match = draft.activity ? MATCHES[draft.activity] : undefined;
  const err = (path: string) => (errors[path] ? { validateStatus: 'error' as const, help: errors[path] } : {});

  const setKind = (kind: RuleInput['kind']) =>
    setDraft((d) => (kind === 'fit'
      ? { ...d, kind, object: d.object ?? 'leads', activity: null, match: null, halfLifeDays: null, maxPoints: null }
      : { ...d, kind, activity: 'page_view', condition: null, halfLifeDays: 30 }));

  const submit = async () => {
    try {
      await save.mutateAsync({ ...draft, id: rule === 'new' ? undefined : rule.id });
      message.success(t('scoring.saved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError) setErrors(Object.fromEntries(e.details.map((d) => [d.path.startsWith('condition') ? 'condition' : d.path, d.message])));
      message.error((e as Error).message);
    }
  };

  return (
    <Modal open width={640} title={rule === 'new' ? t('scoring.new') : t('scoring.edit')} okText={t('common.save')} onOk={submit} confirmLoading={save.isPending} onCancel={onClose} destroyOnHidden okButtonProps={{ 'data-testid': 'scoring-save' } as Record<`data-${string}`, string>}>
      <Form layout="vertical" data-testid="scoring-rule-editor">
        <Form.Item label={t('scoring.name')} required {...err('name')}>
          <Input value={draft.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} placeholder={t('scoring.namePlaceholder')} data-testid="scoring-name" />
        </Form.Item>
        <Form.Item label={t('scoring.kind')}>
          <Radio.Group value={draft.kind} onChange={(e) => setKind(e.target.value)} optionType="button" buttonStyle="solid" data-testid="scoring-kind"
            options={[{ value: 'behaviour', label: t('scoring.kinds.behaviour') }, { value: 'fit', label: t('scoring.kinds.fit') }]} />
        </Form.Item>
        <Form.Item label={t('scoring.object')} {...err('object')}>
          <Select
            style={{ width: 200 }}
            value={draft.object ?? 'all'}
            data-testid="scoring-object"
            onChange={(v: string) => set({ object: v === 'all' ? null : (v as ScoredObject), condition: null })}
            options={[...(behaviour ? [{ value: 'all', label: t('scoring.objects.all') }] : []), { value: 'leads', label: t('scoring.objects.leads') }, { value: 'contacts', label: t('scoring.objects.contacts') }]}
          />
        </Form.Item>
        {behaviour ? (
          <>
            <Form.Item label={t('scoring.activity')} required {...err('activity')}>
              <Select style={{ width: 240 }} value={draft.activity} data-testid="scoring-activity" onChange={(activity) => set({ activity, match: MATCHES[activity as Activity] ? draft.match : null })}
                options={ACTIVITIES.map((a) => ({ value: a, label: t(`scoring.activities.${a}`) }))} />
            </Form.Item>
            {match && (
              <Form.Item label={t(match === 'exact' ? 'scoring.matchEvent' : 'scoring.match')} help={errors.match ?? t(`scoring.matchHelp.${draft.activity}`)} validateStatus={errors.match ? 'error' : undefined}>
                <Input value={draft.match ?? ''} maxLength={500} onChange={(e) => set({ match: e.target.value || null })} data-testid="scoring-match" />
              </Form.Item>
            )}
          </>
        ) : (
          <FitCondition object={draft.object ?? 'leads'} value={draft.condition} onChange={(condition) => set({ condition })} error={errors.condition} />
        )}
        <Space wrap size="large" align="start">
          <Form.Item label={t('scoring.points')} required {...err('points')}>
            <InputNumber min={-1000} max={1000} precision={0} value={draft.points} onChange={(v) => set({ points: v ?? 0 })} data-testid="scoring-points" />
          </Form.Item>
          {behaviour && (
            <>
              <Form.Item label={t('scoring.halfLife')} {...err('halfLifeDays')}>
                <InputNumber min={1} max={3650} precision={0} value={draft.halfLifeDays} placeholder={t('scoring.noDecay')} onChange={(v) => set({ halfLifeDays: v ?? null })} addonAfter={t('scoring.days')} style={{ width: 160 }} data-testid="scoring-half-life" />
              </Form.Item>
              <Form.Item label={t('scoring.maxPoints')} {...err('maxPoints')}>
                <InputNumber min={1} max={10000} precision={0} value={draft.maxPoints} placeholder={t('scoring.noCap')} onChange={(v) => set({ maxPoints: v ?? null })} style={{ width: 130 }} data-testid="scoring-max" />
              </Form.Item>
            </>
          )}
        </Space>
        {behaviour && <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>{t('scoring.decayHelp')}</Typography.Paragraph>}
        <Form.Item style={{ marginBottom: 0 }}>
          <Space><Switch checked={draft.active} onChange={(active) => set({ active })} />{t('scoring.active')}</Space>
        </Form.Item>
      </Form>
    </Modal>
  );
}
