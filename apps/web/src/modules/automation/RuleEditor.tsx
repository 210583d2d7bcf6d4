import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Switch, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../api/meta';
import { ApiError } from '../../api/client';
import { useLabel } from '../../i18n';
import { ActionsEditor } from './ActionsEditor';
import { useCatalog, useSaveRule, type Rule, type RuleInput } from './api';
import { ConditionsEditor } from './ConditionsEditor';
import { DryRunPanel } from './DryRunPanel';
import { moduleConditionFields, pathFields, toFilter, toGroup, type Group } from './fieldPaths';
import { RunLog } from './RunLog';
import { defaultTrigger, TriggerForm } from './TriggerForm';

const EMPTY: RuleInput = { name: '', description: '', object: 'deals', trigger: { kind: 'record_created' }, conditions: null, actions: [], enabled: true };

/** The visual rule editor: name, object, trigger, conditions, ordered actions, dry run; and the rule's run log. */
export function RuleEditor({ rule, onClose }: { rule: Rule | null; onClose: (savedId?: string) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { data: objects = [] } = useObjects();
  const { data: catalog } = useCatalog();
  const save = useSaveRule();
  const [draft, setDraft] = useState<RuleInput>(() => (rule ? { name: rule.name, description: rule.description, object: rule.object, trigger: rule.trigger, conditions: rule.conditions, actions: rule.actions, enabled: rule.enabled } : EMPTY));
  const [group, setGroup] = useState<Group>(() => toGroup(rule?.conditions ?? null));
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const meta = objects.find((o) => o.name === draft.object);
  const fields = useMemo(() => (meta ? [...pathFields(meta, objects, label), ...moduleConditionFields(meta.name, catalog?.conditions ?? [], label)] : []), [meta, objects, label, catalog]);
  const current: RuleInput = { ...draft, conditions: meta ? toFilter(group) : null };
  const set = (patch: Partial<RuleInput>) => setDraft((d) => ({ ...d, ...patch }));
  const objectsWithRecords = objects.filter((o) => o.access.read !== 'none');

  const submit = async () => {
    setErrors([]);
    try {
      const saved = await save.mutateAsync({ id: rule?.id, rule: current });
      message.success(t('automation.saved'));
      onClose(saved.data.id);
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.details.length ? e.details : [{ path: '', message: e.message }]);
      else throw e;
    }
  };

  const editor = (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          {errors.length > 0 && (
            <Alert type="error" showIcon data-testid="rule-errors" title={t('automation.invalid')} description={errors.map((e, i) => <div key={i}><code>{e.path}</code> {e.message}</div>)} />
          )}
          <Card size="small" title={t('automation.section.basics')}>
            <Form layout="vertical">
              <Form.Item label={t('automation.field.name')} required>
                <Input value={draft.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} data-testid="rule-name" />
              </Form.Item>
              <Form.Item label={t('automation.field.description')}>
                <Input.TextArea rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} data-testid="rule-description" />
              </Form.Item>
              <Space wrap size="large">
                <Form.Item label={t('automation.field.object')} style={{ marginBottom: 0 }}>
                  <Select
                    style={{ width: 200 }}
                    value={draft.object ?? '__none'}
                    data-testid="rule-object"
                    onChange={(object) => {
                      const next = object === '__none' ? null : object;
                      setGroup({ join: 'and', items: [] });
                      set({ object: next, actions: [], trigger: next ? defaultTrigger(draft.trigger.kind === 'schedule' || draft.trigger.kind === 'event' ? draft.trigger.kind : 'record_created', objects.find((o) => o.name === next)) : { kind: 'schedule', cron: '0 9 * * 1' } });
                    }}
                    options={[...objectsWithRecords.map((o) => ({ value: o.name, label: label(o.label) })), { value: '__none', label: t('automation.field.noObject') }]}
                  />
                </Form.Item>
                <Form.Item label={t('automation.field.enabled')} style={{ marginBottom: 0 }}>
                  <Switch checked={draft.enabled} onChange={(enabled) => set({ enabled })} data-testid="rule-enabled" />
                </Form.Item>
              </Space>
            </Form>
          </Card>
          <Card size="small" title={t('automation.section.trigger')}>
            <TriggerForm meta={meta} value={draft.trigger} onChange={(trigger) => set({ trigger })} />
          </Card>
          {meta && (
            <Card size="small" title={t('automation.section.conditions')}>
              <ConditionsEditor fields={fields} value={group} onChange={setGroup} />
            </Card>
          )}
          <Card size="small" title={t('automation.section.actions')}>
            <ActionsEditor meta={meta} types={(catalog?.actions ?? []).filter((a) => meta || !['assign_owner', 'update_fields', 'create_task', 'move_to_pool'].includes(a))} value={draft.actions} onChange={(actions) => set({ actions })} />
          </Card>
          <Space>
            <Button type="primary" onClick={submit} loading={save.isPending} data-testid="rule-save">{t('common.save')}</Button>
            <Button onClick={() => onClose()}>{t('common.cancel')}</Button>
          </Space>
        </Space>
      </Col>
      <Col xs={24} xl={8}>
        <DryRunPanel meta={meta} rule={current} />
      </Col>
    </Row>
  );

  return (
    <div data-testid="rule-editor">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => onClose()} style={{ paddingLeft: 0 }} data-testid="rule-back">{t('automation.back')}</Button>
      {rule ? (
        <Tabs
          items={[
            { key: 'edit', label: t('automation.tab.edit'), children: editor },
            { key: 'runs', label: <span data-testid="rule-tab-runs">{t('automation.tab.runs')}</span>, children: <RunLog ruleId={rule.id} /> },
          ]}
        />
      ) : (
        editor
      )}
    </div>
  );
}
