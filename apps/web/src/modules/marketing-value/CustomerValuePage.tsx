import { Card, Col, Grid, List, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCompanyMoney } from '../../api/currency';
import { EChart } from '../home/EChart';
import { customersWhere, useValueSummary, type Money, type RiskReason } from './api';
import { RISK_COLORS, TIER_COLORS } from './CustomerValueCard';

const TIERS = ['A', 'B', 'C', null] as const;
const LEVELS = ['high', 'medium', 'low'] as const;
const CHART_COLORS: Record<string, string> = { A: '#d4b106', B: '#1677ff', C: '#8c8c8c', none: '#d9d9d9' };
type AtRisk = { id: string; name: string; value_tier?: string | null; churn_risk?: number | null; churn_level?: string | null; churn_reasons?: RiskReason[]; lifetime_value?: Money; last_order_on?: string | null };

/** 客户价值: customers by tier and by churn risk (each opening its list), and the customers most at risk. */
export default function CustomerValuePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const money = useCompanyMoney();
  const phone = Grid.useBreakpoint().md === false;
  const { data, isLoading } = useValueSummary(20);
  const tierCount = (tier: string | null) => data?.byTier.find((g) => g.key === tier)?.count ?? 0;
  const tierValue = (tier: string | null) => data?.byTier.find((g) => g.key === tier)?.sum_lifetime_value ?? 0;
  const riskCount = (level: string) => data?.byRisk.find((g) => g.key === level)?.count ?? 0;
  const tierLabel = (tier: string | null) => (tier ? t(`customerValue.tier.${tier}`) : t('customerValue.unrated'));
  const hasScores = !!data && data.byTier.some((g) => g.key !== null);

  const chart = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'], label: { formatter: '{b}\n{c}' },
      data: TIERS.map((tier) => ({ name: tierLabel(tier), value: tierCount(tier), tier, itemStyle: { color: CHART_COLORS[tier ?? 'none'] } })).filter((d) => d.value > 0),
    }],
  };
  const columns: TableColumnsType<AtRisk> = [
    { key: 'name', title: t('customerValue.customer'), render: (_, r) => <Link to={`/o/customers/${r.id}`} style={{ wordBreak: 'break-word' }}>{r.name}</Link> },
    { key: 'tier', title: t('customerValue.tierTitle'), width: 110, render: (_, r) => (r.value_tier ? <Tag color={TIER_COLORS[r.value_tier]}>{t(`customerValue.tier.${r.value_tier}`)}</Tag> : '—') },
    { key: 'risk', title: t('customerValue.risk'), width: 90, align: 'right', render: (_, r) => <span style={{ color: RISK_COLORS[r.churn_level ?? 'low'] }}>{r.churn_risk ?? '—'}</span> },
    { key: 'reasons', title: t('customerValue.reasons'), render: (_, r) => (r.churn_reasons ?? []).map((x) => <Tag key={x}>{t(`customerValue.reason.${x}`)}</Tag>) },
    { key: 'ltv', title: t('customerValue.ltv'), width: 130, align: 'right', render: (_, r) => money.format(r.lifetime_value?.amount ?? null) },
    { key: 'last', title: t('customerValue.lastOrder'), width: 110, render: (_, r) => r.last_order_on ?? '—' },
  ];

  return (
    <div className="crm-page" data-testid="customer-value-page">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('customerValue.pageTitle')}</Typography.Title>
        <Typography.Text type="secondary">{t('customerValue.pageHint')}</Typography.Text>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('customerValue.byTier')} loading={isLoading}>
              {hasScores ? (
                <EChart option={chart} height={260} testId="value-tier-chart" renderer="svg" onItemClick={(item) => navigate(customersWhere('value_tier', (item.tier as string | null) ?? null))} />
              ) : (
                <Typography.Text type="secondary" data-testid="value-empty">{t('customerValue.empty')}</Typography.Text>
              )}
              <List size="small" dataSource={TIERS.map((tier) => ({ key: tier ?? 'none', tier }))} renderItem={({ tier }) => (
                <List.Item extra={<Typography.Text type="secondary">{money.format(tierValue(tier), true)}</Typography.Text>}>
                  <Link to={customersWhere('value_tier', tier)} data-testid={`tier-link-${tier ?? 'none'}`}>{tierLabel(tier)} · {tierCount(tier)}</Link>
                </List.Item>
              )} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('customerValue.byRisk')} loading={isLoading}>
              <Row gutter={[8, 8]}>
                {LEVELS.map((level) => (
                  <Col span={8} key={level}>
                    <Link to={customersWhere('churn_level', level)} data-testid={`risk-link-${level}`}>
                      <Card size="small" hoverable styles={{ body: { textAlign: 'center', padding: 12 } }}>
                        <div style={{ fontSize: 26, fontWeight: 600, color: RISK_COLORS[level] }}>{riskCount(level)}</div>
                        <div>{t('customerValue.levelLong', { level: t(`customerValue.level.${level}`) })}</div>
                      </Card>
                    </Link>
                  </Col>
                ))}
              </Row>
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>{t('customerValue.rulesHint')}</Typography.Paragraph>
            </Card>
          </Col>
        </Row>
        <Card size="small" title={t('customerValue.atRisk', { count: data?.atRiskTotal ?? 0 })}
          extra={<Link to={customersWhere('churn_level', 'high')}>{t('customerValue.openList')}</Link>}>
          {phone ? (
            <List dataSource={(data?.atRisk ?? []) as AtRisk[]} loading={isLoading} locale={{ emptyText: t('customerValue.noneAtRisk') }} data-testid="at-risk-list"
              renderItem={(r) => (
                <List.Item>
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
                      <Link to={`/o/customers/${r.id}`} style={{ wordBreak: 'break-word' }}>{r.name}</Link>
                      <span style={{ color: RISK_COLORS[r.churn_level ?? 'low'], whiteSpace: 'nowrap' }}>{r.churn_risk}</span>
                    </Space>
                    <div>{r.value_tier && <Tag color={TIER_COLORS[r.value_tier]}>{t(`customerValue.tier.${r.value_tier}`)}</Tag>}{(r.churn_reasons ?? []).map((x) => <Tag key={x}>{t(`customerValue.reason.${x}`)}</Tag>)}</div>
                  </Space>
                </List.Item>
              )} />
          ) : (
            <Table rowKey="id" size="small" loading={isLoading} columns={columns} dataSource={(data?.atRisk ?? []) as AtRisk[]} pagination={false} locale={{ emptyText: t('customerValue.noneAtRisk') }} data-testid="at-risk-table" />
          )}
        </Card>
      </Space>
    </div>
  );
}
