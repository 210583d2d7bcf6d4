import type { ButtonProps } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { quoteApi, useRefreshRecords } from './api';

/** Header buttons of a quote: PDF, the next status, revise, 生成订单. */
export function QuoteActions({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const refresh = useRefreshRecords();
  const [ordering, setOrdering] = useState(false);
  const mayEdit = meta.access.update !== 'none' && record.is_latest === true;
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await refresh();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const setStatus = (status: string) => act(() => api('PATCH', `/api/v1/quotes/${record.id}`, { status }));
  const status = record.status as string;
  return (
    <>
      <Button icon={<FilePdfOutlined />} href={quoteApi.pdfUrl(record.id)} target="_blank" data-testid="quote-pdf">{t('quotes.actions.pdf')}</Button>
      {mayEdit && status === 'draft' && <Button onClick={() => setStatus('sent')} data-testid="quote-send">{t('quotes.actions.send')}</Button>}
      {mayEdit && status === 'sent' && (
        <>
          <Button type="primary" onClick={() => setStatus('accepted')} data-testid="quote-accept">{t('quotes.actions.accept')}</Button>
          <Button danger onClick={() => setStatus('rejected')} data-testid="quote-reject">{t('quotes.actions.reject')}</Button>
        </>
      )}
      {mayEdit && status !== 'accepted' && (
        <Button onClick={() => act(async () => navigate(`/o/quotes/${(await quoteApi.revise(record.id)).data.id}`))} data-testid="quote-revise">
          {t('quotes.actions.revise')}
        </Button>
      )}
      {status === 'accepted' && record.is_latest === true && (
        <Button type="primary" onClick={() => setOrdering(true)} data-testid="quote-create-order">{t('quotes.actions.createOrder')}</Button>
      )}
      {ordering && <CreateOrderDialog quoteId={record.id} terms={record.terms as string | null} onClose={() => setOrdering(false)} />}
    </>
  );
}

interface OrderForm {
  signed_on?: Dayjs;
  delivery_date?: Dayjs;
  delivery_terms?: string;
  payment_terms?: string;
  instalments?: number;
  first_due_on?: Dayjs;
}

function CreateOrderDialog({ quoteId, terms, onClose }: { quoteId: string; terms: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const refresh = useRefreshRecords();
  const [form] = Form.useForm<OrderForm>();
  const [saving, setSaving] = useState(false);
  const day = (d?: Dayjs) => d?.format('YYYY-MM-DD');
  const submit = async (v: OrderForm) => {
    setSaving(true);
    try {
      const body = Object.fromEntries(Object.entries({
        signed_on: day(v.signed_on), delivery_date: day(v.delivery_date), delivery_terms: v.delivery_terms || undefined,
        payment_terms: v.payment_terms || undefined, instalments: v.instalments || undefined, first_due_on: day(v.first_due_on),
      }).filter(([, x]) => x !== undefined));
      const { data } = await quoteApi.createOrder(quoteId, body);
      await refresh();
      onClose();
      navigate(`/o/orders/${data.id}`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('quotes.order.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving}
      okText={t('quotes.actions.createOrder')} okButtonProps={{ 'data-testid': 'order-submit' } as ButtonProps} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ payment_terms: terms ?? '' }}>
        <Form.Item name="signed_on" label={t('quotes.order.signedOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="delivery_date" label={t('quotes.order.deliveryDate')}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="delivery_terms" label={t('quotes.order.deliveryTerms')}><Input.TextArea rows={2} data-testid="order-delivery-terms" /></Form.Item>
        <Form.Item name="payment_terms" label={t('quotes.order.paymentTerms')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="instalments" label={t('quotes.order.instalments')} extra={t('quotes.order.instalmentsHint')}>
          <InputNumber min={1} max={60} style={{ width: '100%' }} data-testid="order-instalments" />
        </Form.Item>
        <Form.Item name="first_due_on" label={t('quotes.order.firstDueOn')}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
