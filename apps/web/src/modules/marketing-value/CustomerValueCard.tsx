import { Card, Descriptions, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { formatMoney } from '../../engine/fields/format';
import { useValueCard, type Money, type RiskReason, type ValueCard, type ValueDetails } from './api';

export const TIER_COLORS: Record<string, string> = { A: 'gold', B: 'blue', C: 'default' };
export const RISK_COLORS: Record<string, string> = { high: '#cf1322', medium: '#d46b08', low: '#389e0d' };
const money = (m: Money | undefined) => (m ? formatMoney(m.amount, m.currency) : '—');

/** One reason in words, with the numbers behind it. */
function reasonText(t: (k: string, o?: Record<string, unknown>) => string, reason: RiskReason, d: ValueDetails | null) {
  if (!d) return t(`customerValue.reason.${reason}`);
  const args = { ...d, gap: Math.round(d.medianGapDays ?? 0), last: d.lastOrderAmount, earlier: Math.round(d.earlierAverage ?? 0), points: d.points[reason] ?? 0 };
  return t(`customerValue.reasonDetail.${reason}`, args);
}

/** 价值与流失风险 on the customer's 360° view: tier, RFM, lifetime and predicted value, churn risk with its reasons. */
export function CustomerValueCard({ record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const { data, isLoading } = useValueCard(record.id);
  const v: ValueCard | undefined = data;
  const rated = !!v?.value_tier;
  return (
    <Card title={t('customerValue.cardTitle')} size="small" style={{ marginBottom: 16 }} loading={isLoading} data-testid="customer-value-card">
      {v && !rated && <Typography.Text type="secondary">{t('customerValue.notRated')}</Typography.Text>}
      {v && rated && (
        <Space direction="vertical" size="small" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={TIER_COLORS[v.value_tier!]} style={{ fontSize: 14, padding: '2px 8px' }} data-testid="value-tier">{t(`customerValue.tier.${v.value_tier}`)}</Tag>
            {v.rfm_recency != null && (
              <Typography.Text type="secondary" data-testid="value-rfm">R {v.rfm_recency} · F {v.rfm_frequency} · M {v.rfm_monetary}</Typography.Text>
            )}
          </Space>
          <Descriptions size="small" column={1} colon={false} labelStyle={{ minWidth: 96 }}>
            <Descriptions.Item label={t('customerValue.ltv')}><span data-testid="value-ltv">{money(v.lifetime_value)}</span></Descriptions.Item>
            <Descriptions.Item label={t('customerValue.predicted')}>{money(v.predicted_value)}</Descriptions.Item>
            <Descriptions.Item label={t('customerValue.lastOrder')}>{v.last_order_on ?? '—'}</Descriptions.Item>
          </Descriptions>
          {v.churn_risk != null && (
            <div data-testid="churn-risk">
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong>{t('customerValue.risk')}</Typography.Text>
                <Typography.Text style={{ color: RISK_COLORS[v.churn_level ?? 'low'] }}>{t(`customerValue.level.${v.churn_level}`)} · {v.churn_risk}</Typography.Text>
              </Space>
              <Progress percent={v.churn_risk} showInfo={false} strokeColor={RISK_COLORS[v.churn_level ?? 'low']} size="small" />
              {(v.churn_reasons ?? []).length ? (
                <ul style={{ paddingInlineStart: 18, margin: '4px 0 0' }} data-testid="churn-reasons">
                  {v.churn_reasons!.map((r) => <li key={r} style={{ wordBreak: 'break-word' }}>{reasonText(t, r, v.details)}</li>)}
                </ul>
              ) : (
                <Typography.Text type="secondary">{t('customerValue.noReasons')}</Typography.Text>
              )}
              {v.details?.method === 'model' && <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>{t('customerValue.byModel')}</Typography.Text>}
            </div>
          )}
        </Space>
      )}
    </Card>
  );
}
