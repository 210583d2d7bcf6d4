import { SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Space, Spin, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import type { DetailExtensionProps } from '../../engine/detailExtensions';
import { useLabel } from '../../i18n';
import { conversionPreview, convertLead } from './api';
import { useCompanyMoney } from '../../api/currency';

/** 转化 on a lead's detail page: customer (new or a likely existing one) + contact (+ deal) in one step. */
export function ConvertLeadButton({ meta, record }: DetailExtensionProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (record.status === 'converted' || meta.access.update === 'none') return null;
  return (
    <>
      <Button type="primary" icon={<SwapOutlined />} onClick={() => setOpen(true)} data-testid="lead-convert">
        {t('conversion.button')}
      </Button>
      {open && <ConvertDialog leadId={record.id} onClose={() => setOpen(false)} />}
    </>
  );
}

function ConvertDialog({ leadId, onClose }: { leadId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const preview = useQuery({ queryKey: ['lead-conversion', leadId], queryFn: () => conversionPreview(leadId) });
  const withDeal = Form.useWatch('withDeal', form);
  const { currency } = useCompanyMoney();

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const result = await convertLead(leadId, {
        customer: v.customerChoice === 'new' ? { values: { name: v.customerName } } : { existingId: v.customerChoice },
        contact: { values: { name: v.contactName } },
        deal: v.withDeal ? { values: { name: v.dealName, ...(v.dealAmount != null ? { amount: { amount: v.dealAmount, currency } } : {}), ...(v.dealClose ? { expected_close_date: v.dealClose.format('YYYY-MM-DD') } : {}) } } : null,
      });
      message.success(t('conversion.done'));
      void qc.invalidateQueries();
      onClose();
      navigate(`/o/customers/${result.customer.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal', (e as Error).message));
    } finally {
      setSaving(false);
    }
  };

  const data = preview.data;
  return (
    <Modal open title={t('conversion.title')} onCancel={onClose} onOk={submit} okText={t('conversion.ok')} cancelText={t('common.cancel')} confirmLoading={saving} width={600} data-testid="convert-dialog">
      {!data ? (
        <Spin />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            customerChoice: data.suggestions[0]?.id ?? 'new',
            customerName: data.defaults.customer.name,
            contactName: data.defaults.contact.name,
            withDeal: true,
            dealName: data.defaults.deal.name,
          }}
        >
          {error && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.message} description={error.details.length ? error.details.map((d) => `${d.path}: ${d.message}`).join('；') : undefined} data-testid="convert-error" />
          )}
          <Form.Item label={t('conversion.customer')} name="customerChoice">
            <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
              {data.suggestions.map((s) => (
                <Radio key={s.id} value={s.id} data-testid="convert-existing">
                  {t('conversion.attach')} <Typography.Text strong>{String(s.record.name ?? '')}</Typography.Text>{' '}
                  {s.matches.map((m, i) => (
                    <Tag key={i} color="orange">
                      {label(m.label)}
                    </Tag>
                  ))}
                </Radio>
              ))}
              <Radio value="new" data-testid="convert-new-customer">
                {t('conversion.newCustomer')}
              </Radio>
            </Radio.Group>
          </Form.Item>
          {data.suggestions.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('conversion.duplicateHint')} />}
          <Form.Item noStyle shouldUpdate={(a, b) => a.customerChoice !== b.customerChoice}>
            {({ getFieldValue }) =>
              getFieldValue('customerChoice') === 'new' && (
                <Form.Item label={t('conversion.customerName')} name="customerName" rules={[{ required: true, message: t('pipelines.required') }]}>
                  <Input maxLength={200} />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item label={t('conversion.contactName')} name="contactName" rules={[{ required: true, message: t('pipelines.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="withDeal" valuePropName="checked">
            <Checkbox data-testid="convert-with-deal">{t('conversion.withDeal')}</Checkbox>
          </Form.Item>
          {withDeal && (
            <Space wrap align="start">
              <Form.Item label={t('conversion.dealName')} name="dealName" rules={[{ required: true, message: t('pipelines.required') }]}>
                <Input maxLength={200} style={{ width: 240 }} data-testid="convert-deal-name" />
              </Form.Item>
              <Form.Item label={t('conversion.dealAmount')} name="dealAmount">
                <InputNumber min={0} style={{ width: 140 }} data-testid="convert-deal-amount" />
              </Form.Item>
              <Form.Item label={t('conversion.dealClose')} name="dealClose">
                <DatePicker />
              </Form.Item>
            </Space>
          )}
        </Form>
      )}
    </Modal>
  );
}
