import { Form, Input, InputNumber, Select, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useObjectMeta } from '../../../api/meta';
import { useLabel } from '../../../i18n';
import { ConfigList } from './ConfigList';

interface Policy {
  id: string;
  name: string;
  priorities: string[];
  firstResponseMinutes: number;
  resolutionMinutes: number;
  position: number;
  active: boolean;
}
type Values = Omit<Policy, 'id'>;

/** SLA policies: first matching (by position) gives first response and resolution targets in business minutes. */
export function SlaPoliciesSettings() {
  const { t } = useTranslation();
  const label = useLabel();
  const priorities = useObjectMeta('tickets')?.fields.find((f) => f.name === 'priority')?.options ?? [];
  const priorityName = (p: string) => label(priorities.find((o) => o.value === p)?.label);
  return (
    <ConfigList<Policy, Values>
      path="/api/v1/service/sla-policies"
      testId="sla-settings"
      columns={[
        { title: '#', dataIndex: 'position', width: 50 },
        { title: t('service.settings.name'), dataIndex: 'name' },
        { title: t('service.settings.priorities'), dataIndex: 'priorities', render: (ps: string[]) => ps.map((p) => <Tag key={p}>{priorityName(p)}</Tag>) },
        { title: t('service.settings.firstResponseMinutes'), dataIndex: 'firstResponseMinutes' },
        { title: t('service.settings.resolutionMinutes'), dataIndex: 'resolutionMinutes' },
        { title: t('service.settings.active'), dataIndex: 'active', render: (a: boolean) => (a ? '✓' : '—') },
      ]}
      fields={
        <>
          <Form.Item name="name" label={t('service.settings.name')} rules={[{ required: true, max: 100 }]}><Input /></Form.Item>
          <Form.Item name="priorities" label={t('service.settings.priorities')}>
            <Select mode="multiple" options={priorities.map((o) => ({ value: o.value, label: label(o.label) }))} />
          </Form.Item>
          <Form.Item name="firstResponseMinutes" label={t('service.settings.firstResponseMinutes')} rules={[{ required: true }]}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="resolutionMinutes" label={t('service.settings.resolutionMinutes')} rules={[{ required: true }]}><InputNumber min={1} precision={0} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="position" label="#"><InputNumber min={0} precision={0} /></Form.Item>
          <Form.Item name="active" label={t('service.settings.active')} valuePropName="checked"><Switch /></Form.Item>
        </>
      }
      initial={{ priorities: [], position: 0, active: true, firstResponseMinutes: 240, resolutionMinutes: 1440 }}
      toForm={({ id: _id, ...rest }) => rest}
      toBody={(v) => ({ ...v, priorities: v.priorities ?? [] })}
    />
  );
}
