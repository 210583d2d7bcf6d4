import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';

interface Company {
  name: string;
  address: string;
  phone: string;
  bankName: string;
  bankAccount: string;
  taxId: string;
  logoUrl: string | null;
  hasLogo: boolean;
  pdfFont: string | null;
}

/** Settings → 公司信息: what quote PDFs print in their header. */
export default function CompanySettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const company = useQuery({ queryKey: ['company-settings'], queryFn: () => api<{ data: Company }>('GET', '/api/v1/company-settings') });
  const [form] = Form.useForm();
  const data = company.data?.data;
  const reload = () => client.invalidateQueries({ queryKey: ['company-settings'] });
  const save = async (values: { name: string; address: string; phone: string; logoUrl?: string }) => {
    try {
      await api('PUT', '/api/v1/company-settings', { ...values, logoUrl: values.logoUrl?.trim() || undefined });
      message.success(t('company.saved'));
      await reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const upload = async (file: File) => {
    const res = await fetch('/api/v1/company-settings/logo', { method: 'PUT', headers: { 'content-type': file.type }, body: file, credentials: 'same-origin' });
    if (res.ok) {
      message.success(t('company.logoSaved'));
      await reload();
    } else {
      const body = await res.json().catch(() => null);
      message.error(new ApiError(res.status, body?.error?.code ?? 'internal', body?.error?.message ?? res.statusText).message);
    }
    return false;
  };
  if (!data) return null;
  return (
    <Card title={t('company.title')} style={{ maxWidth: 640 }} data-testid="company-settings">
      {!data.pdfFont && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('company.noFont')} />}
      <Form form={form} layout="vertical" initialValues={{ name: data.name, address: data.address, phone: data.phone, bankName: data.bankName, bankAccount: data.bankAccount, taxId: data.taxId, logoUrl: data.logoUrl ?? '' }} onFinish={save}>
        <Form.Item name="name" label={t('company.name')} rules={[{ max: 200 }]}><Input data-testid="company-name" /></Form.Item>
        <Form.Item name="address" label={t('company.address')}><Input /></Form.Item>
        <Form.Item name="phone" label={t('company.phone')}><Input /></Form.Item>
        <Form.Item name="taxId" label={t('company.taxId')} rules={[{ max: 50 }]}><Input data-testid="company-tax-id" /></Form.Item>
        <Form.Item name="bankName" label={t('company.bankName')} extra={t('company.bankHint')} rules={[{ max: 200 }]}><Input data-testid="company-bank-name" /></Form.Item>
        <Form.Item name="bankAccount" label={t('company.bankAccount')} rules={[{ max: 100 }]}><Input data-testid="company-bank-account" /></Form.Item>
        <Form.Item name="logoUrl" label={t('company.logoUrl')} extra={t('company.logoUrlHint')}><Input placeholder="https://…/logo.png" /></Form.Item>
        <Form.Item label={t('company.logo')}>
          <Space align="center" wrap>
            {data.hasLogo && <img src={`/api/v1/company-settings/logo?v=${Date.now()}`} alt="logo" style={{ maxHeight: 48, maxWidth: 160 }} />}
            <Upload accept="image/png,image/jpeg" showUploadList={false} beforeUpload={upload}>
              <Button icon={<UploadOutlined />}>{t('company.upload')}</Button>
            </Upload>
          </Space>
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="company-save">{t('common.save')}</Button>
      </Form>
    </Card>
  );
}
