import { InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecordList } from '../../api/records';
import type { ActionFormProps } from '../automation/actionForms';

/** issue_coupon: amount or percent off, days valid, optionally the campaign it belongs to and a segment to issue to (one per member). */
export function IssueCouponForm({ value, onChange }: ActionFormProps) {
  const { t } = useTranslation();
  const campaigns = useRecordList('campaigns', { limit: 200, sort: '-start_date' });
  // Segments coupons can go to: of customers or contacts.
  const segments = useRecordList('segments', { limit: 200, sort: 'name', filter: { field: 'object', op: 'in', value: ['customers', 'contacts'] } });
  const set = (patch: Record<string, unknown>) => onChange(Object.fromEntries(Object.entries({ ...value, ...patch }).filter(([, v]) => v !== undefined && v !== null)) as typeof value);
  const percent = value.kind === 'percent';
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Space wrap>
        <Select style={{ width: 140 }} value={value.kind as string} data-testid="coupon-kind" onChange={(kind) => set({ kind, amount: undefined, percent: undefined })}
          options={[{ value: 'amount', label: t('customerValue.coupon.amount') }, { value: 'percent', label: t('customerValue.coupon.percent') }]} />
        <InputNumber min={0.01} max={percent ? 100 : 1e9} value={(percent ? value.percent : value.amount) as number | undefined} addonAfter={percent ? '%' : undefined} data-testid="coupon-value"
          onChange={(n) => set(percent ? { percent: n ?? undefined } : { amount: n ?? undefined })} />
        <InputNumber min={1} max={3650} value={value.validDays as number} addonBefore={t('customerValue.coupon.validFor')} addonAfter={t('customerValue.coupon.days')} data-testid="coupon-days"
          onChange={(validDays) => set({ validDays: validDays ?? undefined })} />
      </Space>
      <Select style={{ width: 260, maxWidth: '100%' }} allowClear value={(value.campaignId as string | undefined) ?? undefined} placeholder={t('customerValue.coupon.campaign')} data-testid="coupon-campaign"
        onChange={(campaignId?: string) => set({ campaignId })} options={(campaigns.data?.data ?? []).map((c) => ({ value: c.id, label: String(c.name) }))} />
      <Select style={{ width: 260, maxWidth: '100%' }} allowClear value={(value.segmentId as string | undefined) ?? undefined} placeholder={t('customerValue.coupon.segment')} data-testid="coupon-segment"
        onChange={(segmentId?: string) => set({ segmentId })} options={(segments.data?.data ?? []).map((s) => ({ value: s.id, label: String(s.name) }))} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {value.segmentId
          ? t('customerValue.coupon.segmentHint', { code: '{{coupon_code}}', interpolation: { escapeValue: false } })
          : t('customerValue.coupon.hint', { code: '{{latest_coupon_code}}', interpolation: { escapeValue: false } })}
      </Typography.Text>
    </Space>
  );
}
