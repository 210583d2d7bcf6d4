import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { COMMON_CURRENCIES, type CurrencySettingsInput } from '@crm/schema';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCurrencySettings } from '../../api/currency';
import { applyServerErrors } from '../../engine/formErrors';
import { PhoneRegionSelect } from '../data-import/PhoneRegionSelect';

/** Picks a common currency, or one already stored on records (`inUse`). */
function CurrencySelect(props: { value?: string; onChange?: (v: string) => void; testId?: string; exclude?: string; inUse?: string[] }) {
  const { value, onChange, testId, exclude, inUse = [] } = props;
  const codes = [...new Set([...(value ? [value] : []), ...inUse, ...COMMON_CURRENCIES])].filter((c) => c !== exclude);
  return (
    <Select
      showSearch
      style={{ width: 110 }}
      value={value}
      onChange={onChange}
      data-testid={testId}
      options={codes.map((c) => ({ value: c, label: c }))}
    />
  );
}

/** The phone region as a form control (Form.Item passes value and onChange). */
function RegionItem(props: { value?: string; onChange?: (v: string | undefined) => void }) {
  return <PhoneRegionSelect value={props.value} onChange={(v) => props.onChange?.(v)} testId="company-phone-region" />;
}

/** Settings → 货币与汇率: the company currency every sum is shown in, and rates into it. */
export function CurrencySettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { data } = useCurrencySettings(true);
  const unrated = data?.unrated ?? [];
  const [form] = Form.useForm<CurrencySettingsInput>();
  const base = Form.useWatch('currency', form) ?? data?.currency;

  const save = async (values: CurrencySettingsInput) => {
    try {
      await api('PUT', '/api/v1/currency-settings', { currency: values.currency, rates: values.rates ?? [], phoneRegion: values.phoneRegion });
      // Every sum on screen was in the old currency or rates, and so is this page's warning.
      await client.invalidateQueries();
      message.success(t('currency.saved'));
    } catch (error) {
      applyServerErrors(form, error, message, t);
    }
  };

  if (!data) return null;
  return (
    <Card title={t('currency.title')} style={{ maxWidth: 640 }} data-testid="currency-settings">
      <Typography.Paragraph type="secondary">{t('currency.intro')}</Typography.Paragraph>
      {unrated.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="currency-unrated" message={t('currency.unrated', { codes: unrated.join('、') })} />
      )}
      <Form form={form} layout="vertical" initialValues={{ currency: data.currency, rates: data.rates, phoneRegion: data.phoneRegion }} onFinish={save}>
        <Form.Item name="currency" label={t('currency.base')} extra={t('currency.baseHint')} rules={[{ required: true }]}>
          <CurrencySelect testId="currency-base" inUse={unrated} />
        </Form.Item>
        <Form.Item name="phoneRegion" label={t('currency.phoneRegion')} extra={t('currency.phoneRegionHint')} rules={[{ required: true }]}>
          <RegionItem />
        </Form.Item>
        <Typography.Text strong>{t('currency.rates')}</Typography.Text>
        <Form.List name="rates">
          {(rows, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {rows.length === 0 && <Typography.Paragraph type="secondary">{t('currency.noRates')}</Typography.Paragraph>}
              {rows.map((row) => (
                <Space key={row.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                  <span>1</span>
                  <Form.Item name={[row.name, 'currency']} rules={[{ required: true, message: t('currency.pickCurrency') }]} style={{ marginBottom: 8 }}>
                    <CurrencySelect exclude={base} inUse={unrated} testId={`currency-rate-code-${row.name}`} />
                  </Form.Item>
                  <span>=</span>
                  <Form.Item name={[row.name, 'rate']} rules={[{ required: true, message: t('currency.enterRate') }]} style={{ marginBottom: 8 }}>
                    <InputNumber min={0.0000000001} max={1e9} step={0.01} style={{ width: 160 }} data-testid={`currency-rate-${row.name}`} />
                  </Form.Item>
                  <span>{base}</span>
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(row.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ currency: unrated[0] })} data-testid="currency-add-rate">{t('currency.addRate')}</Button>
            </div>
          )}
        </Form.List>
        <Button type="primary" htmlType="submit" style={{ marginTop: 16 }} data-testid="currency-save">{t('common.save')}</Button>
      </Form>
    </Card>
  );
}
