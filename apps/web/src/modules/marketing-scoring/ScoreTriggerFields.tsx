import { InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';

type Trigger = { kind: string } & Record<string, unknown>;

export const defaultScoreTrigger = (kind: string): Trigger => ({ kind, threshold: 60, direction: 'up' });

/** Settings of the score_crosses trigger: rises to (or falls below) a threshold. */
export function ScoreTriggerFields({ value, onChange }: { value: Trigger; onChange: (t: Trigger) => void }) {
  const { t } = useTranslation();
  const set = (patch: Record<string, unknown>) => onChange({ ...value, ...patch });
  return (
    <Space wrap data-testid="trigger-score">
      <Select style={{ width: 160 }} value={(value.direction as string) ?? 'up'} onChange={(direction) => set({ direction })} options={['up', 'down'].map((d) => ({ value: d, label: t(`scoring.direction.${d}`) }))} />
      <InputNumber min={-1000} max={100000} precision={0} value={value.threshold as number} onChange={(v) => set({ threshold: v ?? 0 })} addonAfter={t('scoring.pointsUnit')} style={{ width: 150 }} data-testid="trigger-threshold" />
    </Space>
  );
}
