import { Alert, App, Checkbox, Empty, Form, Modal, Result, Select, Spin, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../api/meta';
import { useUsers, type UserSummary } from '../../api/users';
import { applyServerErrors } from '../../engine/formErrors';
import { useLabel } from '../../i18n';
import { useOwnerTransfer, useOwnedCounts, type Counts } from './api';

interface Props {
  user: UserSummary;
  /** Opened right after the user was deactivated: says why. */
  deactivated?: boolean;
  onClose: () => void;
}

const sum = (counts: Counts, objects?: string[]) => Object.entries(counts).reduce((n, [o, c]) => n + (!objects || objects.includes(o) ? c : 0), 0);

/** Settings › users: hand every record a user owns to another user (a rep leaves), by object, with counts first. */
export function OwnerTransferDialog({ user, deactivated, onClose }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ toUserId: string; objects: string[] }>();
  const { data: users = [] } = useUsers();
  const { data: metas = [] } = useObjects();
  const owned = useOwnedCounts(user.id);
  const transfer = useOwnerTransfer();
  const [moved, setMoved] = useState<{ counts: Counts; to: string } | null>(null);
  const chosen = Form.useWatch('objects', form) ?? [];

  const counts = owned.data ?? {};
  const objectOptions = useMemo(
    () => Object.entries(counts).map(([name, count]) => {
      const meta = metas.find((m) => m.name === name);
      return { value: name, label: <span data-testid={`transfer-object-${name}`}>{meta ? label(meta.pluralLabel) : name}（{count}）</span> };
    }),
    [counts, metas, label],
  );
  const heirs = users.filter((u) => u.active && u.id !== user.id);
  const nameOf = (id: string) => users.find((u) => u.id === id)?.name ?? '';

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const count = sum(counts, values.objects);
    modal.confirm({
      title: t('ownerTransfer.confirmTitle', { count }),
      content: t('ownerTransfer.confirmBody', { count, from: user.name, to: nameOf(values.toUserId) }),
      okText: t('ownerTransfer.transfer'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const result = await transfer.mutateAsync({ fromUserId: user.id, toUserId: values.toUserId, objects: values.objects });
          setMoved({ counts: result, to: nameOf(values.toUserId) });
        } catch (e) {
          applyServerErrors(form, e, message, t);
        }
      },
    });
  };

  const nothing = owned.isSuccess && !objectOptions.length;
  return (
    <Modal open title={t('ownerTransfer.title', { name: user.name })} onCancel={onClose} destroyOnHidden data-testid="owner-transfer-dialog"
      okText={t('ownerTransfer.transfer')} cancelText={moved || nothing ? t('ownerTransfer.close') : t('common.cancel')} onOk={submit}
      okButtonProps={{ disabled: !!moved || nothing || !chosen.length, 'data-testid': 'owner-transfer-submit' } as ButtonProps} confirmLoading={transfer.isPending}>
      {moved ? (
        <Result status="success" title={t('ownerTransfer.done', { count: sum(moved.counts), to: moved.to })} data-testid="owner-transfer-result"
          subTitle={Object.entries(moved.counts).map(([o, c]) => `${label(metas.find((m) => m.name === o)?.pluralLabel) || o} ${c}`).join('，')} />
      ) : (
        <>
          {deactivated && <Alert type="warning" showIcon title={t('ownerTransfer.deactivated', { name: user.name })} style={{ marginBottom: 16 }} />}
          {owned.isLoading ? <Spin tip={t('ownerTransfer.counting')}><div style={{ height: 80 }} /></Spin>
            : nothing ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ownerTransfer.nothing')} />
            : (
              <Form form={form} layout="vertical" initialValues={{ objects: Object.keys(counts) }} key={Object.keys(counts).join()}>
                <Form.Item name="toUserId" label={t('ownerTransfer.newOwner')} rules={[{ required: true, message: t('validation.required') }]} data-testid="owner-transfer-to">
                  <Select showSearch={{ optionFilterProp: 'title' }} options={heirs.map((u) => ({ value: u.id, label: u.name, title: `${u.name} ${u.email ?? ''}` }))} />
                </Form.Item>
                <Form.Item name="objects" label={t('ownerTransfer.objects')} rules={[{ required: true, message: t('validation.required') }]}>
                  <Checkbox.Group options={objectOptions} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
                </Form.Item>
                <Typography.Text type="secondary" data-testid="owner-transfer-summary">{t('ownerTransfer.summary', { count: sum(counts, chosen) })}</Typography.Text>
              </Form>
            )}
        </>
      )}
    </Modal>
  );
}
