import { Button, Popconfirm, App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../api/auth';
import type { ObjectMeta } from '../../api/meta';
import type { RecordData } from '../../api/records';
import { POOL_OBJECTS, usePoolAction } from './api';

/** "退回公海" on a customer's or lead's page, for its owner (or whoever may update all records). */
export function ReleaseButton({ meta, record }: { meta: ObjectMeta; record: RecordData }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const action = usePoolAction();
  const mine = record.owner_id && (record.owner_id === me?.user.id || meta.access.update === 'all');
  if (!(POOL_OBJECTS as readonly string[]).includes(meta.name) || !mine) return null;
  return (
    <Popconfirm
      title={t('pool.releaseConfirm')}
      onConfirm={async () => {
        try {
          await action.mutateAsync({ object: meta.name, id: record.id, action: 'release' });
          message.success(t('pool.released'));
          if (meta.access.read !== 'all') navigate(`/pool/${meta.name}`);
        } catch (e) {
          message.error((e as Error).message);
        }
      }}
    >
      <Button data-testid="pool-release">{t('pool.release')}</Button>
    </Popconfirm>
  );
}
