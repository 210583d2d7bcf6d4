import type { ButtonProps } from 'antd';
import { App, Button, DatePicker, Form, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { fieldOf, useObjectMeta } from '../../api/meta';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { useLabel } from '../../i18n';
import { amountOf, useRefreshRecords } from '../quotes/api';

/** Order header buttons: 生成回款计划 (N instalments) and 登记回款 (record a payment). */
export function OrderActions({ record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'plan' | 'payment' | null>(null);
  const outstanding = amountOf(record.outstanding_amount);
  return (
    <>
      <Button onClick={() => setOpen('plan')} data-testid="order-plan">{t('orders.actions.plan')}</Button>
      <Button type="primary" disabled={outstanding <= 0} onClick={() => setOpen('payment')} data-testid="order-pay">{t('orders.actions.pay')}</Button>
      {open === 'plan' && <PlanDialog orderId={record.id} onClose={() => setOpen(null)} />}
      {open === 'payment' && <PaymentDialog order={record} onClose={() => setOpen(null)} />}
    </>
  );
}

function useSubmit(onClose: () => void) {
  const { message } = App.useApp();
  const refresh = useRefreshRecords();
  const [saving, setSaving] = useState(false);
  const submit = async (fn: () => Promise<unknown>) => {
    setSaving(true);
    try {
      await fn();
      await refresh();
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return { saving, submit };
}

function PlanDialog({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ count: number; firstDueOn: Dayjs; everyMonths: number }>();
  const { saving, submit } = useSubmit(onClose);
  return (
    <Modal open title={t('orders.plan.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ count: 3, everyMonths: 1, firstDueOn: dayjs().add(1, 'month') }}
        onFinish={(v) => submit(() => api('POST', `/api/v1/orders/${orderId}/instalments`, { count: v.count, everyMonths: v.everyMonths, firstDueOn: v.firstDueOn.format('YYYY-MM-DD') }))}>
        <Form.Item name="count" label={t('orders.plan.count')} rules={[{ required: true }]}><InputNumber min={1} max={60} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="firstDueOn" label={t('orders.plan.firstDueOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="everyMonths" label={t('orders.plan.everyMonths')}><InputNumber min={1} max={12} style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}

function PaymentDialog({ order, onClose }: { order: DetailExtensionProps['record']; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const paymentsMeta = useObjectMeta('payments');
  const methods = (paymentsMeta && fieldOf(paymentsMeta, 'method')?.options) ?? [];
  const total = order.total_amount as { currency: string };
  const outstanding = amountOf(order.outstanding_amount);
  const [form] = Form.useForm<{ amount: number; received_on: Dayjs; method: string }>();
  const { saving, submit } = useSubmit(onClose);
  return (
    <Modal open title={t('orders.payment.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'payment-submit' } as ButtonProps} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ amount: outstanding, received_on: dayjs(), method: 'bank_transfer' }}
        onFinish={(v) => submit(() => api('POST', '/api/v1/payments', { order_id: order.id, amount: { amount: v.amount, currency: total.currency }, received_on: v.received_on.format('YYYY-MM-DD'), method: v.method }))}>
        <Form.Item name="amount" label={`${t('orders.payment.amount')} (${total.currency})`} rules={[{ required: true }]}
          extra={t('orders.payment.outstanding', { amount: outstanding.toLocaleString('zh-CN', { minimumFractionDigits: 2 }) })}>
          <InputNumber min={0.01} max={outstanding} precision={2} style={{ width: '100%' }} data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="received_on" label={t('orders.payment.receivedOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="method" label={t('orders.payment.method')}>
          <Select options={methods.map((o) => ({ value: o.value, label: label(o.label) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
