import { App, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useSaveSite, type SiteInput, type TrackingSite } from './api';

const EMPTY: SiteInput = { name: '', allowedOrigins: [], retentionDays: 180, honourDnt: true, requireConsent: false, active: true };

/** Adds or changes a tracked site: its name, the origins it may send from, retention, DNT and consent. */
export function SiteEditor({ site, onClose }: { site: TrackingSite | 'new'; onClose: (saved?: TrackingSite) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveSite();
  const [draft, setDraft] = useState<SiteInput>(site === 'new' ? EMPTY : { ...site });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<SiteInput>) => setDraft((d) => ({ ...d, ...patch }));
  const originError = Object.entries(errors).find(([path]) => path.startsWith('allowedOrigins'))?.[1];

  const submit = async () => {
    try {
      const saved = await save.mutateAsync({ ...draft, id: site === 'new' ? undefined : site.id });
      message.success(t('tracking.saved'));
      onClose(saved.data);
    } catch (e) {
      if (e instanceof ApiError) setErrors(Object.fromEntries(e.details.map((d) => [d.path, d.message])));
      message.error((e as Error).message);
    }
  };

  return (
    <Modal open width={640} title={site === 'new' ? t('tracking.new') : t('tracking.edit')} okText={t('common.save')} onOk={submit} confirmLoading={save.isPending} onCancel={() => onClose()} destroyOnHidden>
      <Form layout="vertical" data-testid="tracking-site-editor">
        <Form.Item label={t('tracking.name')} required validateStatus={errors.name ? 'error' : undefined} help={errors.name}>
          <Input value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="tracking-site-name" />
        </Form.Item>
        <Form.Item label={t('tracking.origins')} required validateStatus={originError ? 'error' : undefined} help={originError ?? t('tracking.originsHelp')}>
          <Select mode="tags" open={false} tokenSeparators={[' ', ',', '，']} value={draft.allowedOrigins} onChange={(allowedOrigins) => set({ allowedOrigins })} placeholder="https://www.example.com" data-testid="tracking-site-origins" />
        </Form.Item>
        <Form.Item label={t('tracking.retention')} help={t('tracking.retentionHelp')} validateStatus={errors.retentionDays ? 'error' : undefined}>
          <InputNumber min={1} max={3650} value={draft.retentionDays} onChange={(v) => set({ retentionDays: v ?? 180 })} addonAfter={t('tracking.daysUnit')} />
        </Form.Item>
        <Space direction="vertical">
          <Space><Switch checked={draft.honourDnt} onChange={(honourDnt) => set({ honourDnt })} />{t('tracking.honourDnt')}</Space>
          <Space><Switch checked={draft.requireConsent} onChange={(requireConsent) => set({ requireConsent })} data-testid="tracking-site-consent" />{t('tracking.requireConsent')}</Space>
          <Space><Switch checked={draft.active} onChange={(active) => set({ active })} />{t('tracking.active')}</Space>
        </Space>
      </Form>
    </Modal>
  );
}
