import { ImportOutlined } from '@ant-design/icons';
import type { ApiErrorBody } from '@crm/schema';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface ImportAnswer {
  data: { id: string }[];
  customersCreated: number;
  customersLinked: number;
  /** Phones not readable in the company's phone region, kept as written. */
  warnings: { card: number; value: string; message: string }[];
}

/** Imports a .vcf file (from a phone, Outlook, Gmail …) as contacts; ORG links to or creates the customer. */
export function VCardImportButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  const send = async (file: File) => {
    setBusy(true);
    try {
      const res = await fetch('/api/v1/contacts/vcard', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'text/vcard' }, body: file });
      const body = (await res.json()) as ImportAnswer & ApiErrorBody;
      if (!res.ok) {
        const detail = body.error.details[0];
        message.error(t('vcard.failed', { reason: detail ? `${detail.path}: ${detail.message}` : body.error.message }));
        return;
      }
      message.success(t('vcard.imported', { count: body.data.length, customers: body.customersCreated }));
      if (body.warnings?.length) message.warning(t('vcard.phonesKept', { count: body.warnings.length, phones: body.warnings.slice(0, 5).map((w) => w.value).join('、') }), 8);
      await queryClient.invalidateQueries({ queryKey: ['records'] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Upload accept=".vcf,text/vcard,text/x-vcard" showUploadList={false} beforeUpload={(file) => { void send(file); return false; }}>
      <Button icon={<ImportOutlined />} loading={busy} data-testid="vcard-import">{t('vcard.import')}</Button>
    </Upload>
  );
}
