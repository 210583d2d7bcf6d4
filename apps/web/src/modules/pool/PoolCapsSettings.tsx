import { App, Button, InputNumber, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoles, type Role } from '../../api/admin';
import { useObjectMeta } from '../../api/meta';
import { useLabel } from '../../i18n';
import { POOL_OBJECTS, usePoolCaps, useSavePoolCaps, type PoolCap, type PoolObject } from './api';

/** Settings → 公海: per role, how many customers / leads one rep may own before claiming is refused. */
export function PoolCapsSettings() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { data: roles = [] } = useRoles();
  const { data: caps } = usePoolCaps();
  const save = useSavePoolCaps();
  const metas = { customers: useObjectMeta('customers'), leads: useObjectMeta('leads') };
  const [draft, setDraft] = useState<Record<string, number | null>>({});
  const key = (roleId: string, object: string) => `${roleId}:${object}`;
  useEffect(() => setDraft(Object.fromEntries((caps ?? []).map((c) => [key(c.roleId, c.object), c.maxOwned]))), [caps]);

  const submit = async () => {
    const all: PoolCap[] = roles.flatMap((r) => POOL_OBJECTS.map((object) => ({ roleId: r.id, object, maxOwned: draft[key(r.id, object)] ?? null })));
    try {
      await save.mutateAsync(all);
      message.success(t('pool.capsSaved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div data-testid="pool-caps">
      <Typography.Paragraph type="secondary">{t('pool.capsIntro')}</Typography.Paragraph>
      <Table<Role>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={roles}
        columns={[
          { title: t('pool.role'), key: 'role', render: (_, r) => (i18n.language === 'en' ? r.name_en : r.name_zh) },
          ...POOL_OBJECTS.map((object: PoolObject) => ({
            key: object,
            title: t('pool.capOf', { object: label(metas[object]?.pluralLabel) }),
            render: (_: unknown, r: Role) => (
              <InputNumber min={0} max={1_000_000} precision={0} placeholder={t('pool.noCap')} style={{ width: 140 }} value={draft[key(r.id, object)] ?? null}
                onChange={(v) => setDraft((d) => ({ ...d, [key(r.id, object)]: v }))} data-testid={`pool-cap-${r.key}-${object}`} />
            ),
          })),
        ]}
      />
      <Button type="primary" style={{ marginTop: 12 }} loading={save.isPending} onClick={submit} data-testid="pool-caps-save">{t('common.save')}</Button>
    </div>
  );
}
