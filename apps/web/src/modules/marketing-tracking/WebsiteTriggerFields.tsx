import { Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';

const ACTIVITIES = ['page_view', 'download', 'outbound_click', 'custom'] as const;

type Trigger = { kind: string } & Record<string, unknown>;

export const defaultWebsiteTrigger = (kind: string): Trigger => ({ kind, activity: 'page_view', match: '/pricing', times: 2, withinDays: 7 });

/** Settings of the website_activity trigger: what was done, on which page or event, how many times within how many days. */
export function WebsiteTriggerFields({ value, onChange }: { value: Trigger; onChange: (t: Trigger) => void }) {
  const { t } = useTranslation();
  const set = (patch: Record<string, unknown>) => onChange({ ...value, ...patch });
  return (
    <Space wrap data-testid="trigger-website">
      <Select style={{ width: 160 }} value={value.activity as string} onChange={(activity) => set({ activity })} options={ACTIVITIES.map((a) => ({ value: a, label: t(`tracking.activity.${a}`) }))} />
      <Input style={{ width: 220 }} value={(value.match as string) ?? ''} onChange={(e) => set({ match: e.target.value || undefined })} placeholder={t('tracking.match')} />
      <InputNumber min={1} max={50} value={value.times as number} onChange={(v) => set({ times: v ?? 1 })} addonBefore={t('tracking.timesWithin')} style={{ width: 150 }} />
      <InputNumber min={1} max={90} value={value.withinDays as number} onChange={(v) => set({ withinDays: v ?? 7 })} addonAfter={t('tracking.withinDays')} style={{ width: 140 }} />
    </Space>
  );
}
