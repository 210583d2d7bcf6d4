import { App, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, useAdminMutation } from '../../api/admin';
import type { Field } from '../../api/meta';

/** Destroying a field's data needs the admin to type its name, as the server requires. */
export function PurgeFieldDialog({ object, field, onClose }: { object: string; field: Field | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [typed, setTyped] = useState('');
  const purge = useAdminMutation(
    (f: Field) => adminApi.del(`/api/v1/meta/objects/${object}/fields/${f.name}`, { purge: 'true', confirm: typed }),
    [['meta', 'objects'], ['records']],
  );
  return (
    <Modal
      open={!!field}
      title={t('fields.purgeTitle')}
      okText={t('fields.purge')}
      okButtonProps={{ danger: true, disabled: typed !== field?.name }}
      confirmLoading={purge.isPending}
      onCancel={() => { setTyped(''); onClose(); }}
      onOk={async () => {
        try {
          await purge.mutateAsync(field!);
          message.success(t('fields.purged'));
          setTyped('');
          onClose();
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Typography.Paragraph type="danger">{t('fields.purgeWarning')}</Typography.Paragraph>
      <Typography.Paragraph>
        {t('fields.purgeType')} <Typography.Text code copyable>{field?.name}</Typography.Text>
      </Typography.Paragraph>
      <Input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={field?.name} data-testid="purge-confirm" />
    </Modal>
  );
}
