import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { formatMoney } from '../../engine/fields/format';

interface CustomerValue {
  lifetimeRevenue: number;
  outstanding: number;
  orders: number;
  lastPurchaseOn: string | null;
  lastOrder: { id: string; name: string } | null;
  openDeals: { count: number; amount: number };
  /** The company currency: the sums are converted into it. */
  currency: string;
}
interface DealValue {
  orders: number;
  ordersTotal: number;
  received: number;
  outstanding: number;
  currency: string;
}

/** A Statistic's value as money in the given currency. */
const moneyIn = (currency: string) => ({ formatter: (value: number | string) => formatMoney(Number(value), currency) });

/** 客户价值 on the customer's 360° view: lifetime revenue, last purchase, open deals, outstanding. */
export function CustomerValuePanel({ record }: DetailExtensionProps) {
  const { t } = useTranslation();
  // Shares the ['records'] prefix, so it refreshes with every record write.
  const value = useQuery({ queryKey: ['records', 'customers', 'value', record.id], queryFn: () => api<{ data: CustomerValue }>('GET', `/api/v1/customers/${record.id}/value`) });
  const v = value.data?.data;
  return (
    <Card title={t('orders.value.title')} size="small" style={{ marginBottom: 16 }} loading={value.isLoading} data-testid="customer-value">
      {v && (
        <Row gutter={[12, 12]}>
          <Col span={12}><Statistic title={t('orders.value.revenue')} value={v.lifetimeRevenue} {...moneyIn(v.currency)} valueStyle={{ color: '#3f8600' }} data-testid="value-revenue" /></Col>
          <Col span={12}><Statistic title={t('orders.value.outstanding')} value={v.outstanding} {...moneyIn(v.currency)} valueStyle={v.outstanding > 0 ? { color: '#cf1322' } : undefined} data-testid="value-outstanding" /></Col>
          <Col span={12}>
            <Statistic title={t('orders.value.lastPurchase')} value={v.lastPurchaseOn ?? t('orders.value.never')} valueStyle={{ fontSize: 18 }} />
            {v.lastOrder && <Link to={`/o/orders/${v.lastOrder.id}`} style={{ fontSize: 12, wordBreak: 'break-word' }}>{v.lastOrder.name}</Link>}
          </Col>
          <Col span={12}><Statistic title={t('orders.value.openDeals', { count: v.openDeals.count })} value={v.openDeals.amount} {...moneyIn(v.currency)} valueStyle={{ fontSize: 18 }} /></Col>
        </Row>
      )}
    </Card>
  );
}

/** Received and outstanding on a deal's orders. */
export function DealValuePanel({ record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const value = useQuery({ queryKey: ['records', 'deals', 'value', record.id], queryFn: () => api<{ data: DealValue }>('GET', `/api/v1/deals/${record.id}/value`) });
  const v = value.data?.data;
  if (!v || !v.orders) return null;
  return (
    <Card title={t('orders.value.dealTitle')} size="small" style={{ marginBottom: 16 }} data-testid="deal-value">
      <Row gutter={12}>
        <Col span={12}><Statistic title={t('orders.value.received')} value={v.received} {...moneyIn(v.currency)} /></Col>
        <Col span={12}><Statistic title={t('orders.value.outstanding')} value={v.outstanding} {...moneyIn(v.currency)} /></Col>
      </Row>
    </Card>
  );
}
