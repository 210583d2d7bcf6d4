import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Switch, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useObjectMeta } from '../../api/meta';
import { RelationField } from '../../engine/fields/RelationField';
import { useLabel } from '../../i18n';
import { useFormableFields, useSaveWebForm, type FormField, type WebForm, type WebFormInput } from './api';

const EMPTY: WebFormInput = {
  name: '',
  source: 'website',
  fields: [
    { field: 'name', labelZh: '姓名', labelEn: 'Name', required: true },
    { field: 'mobile', labelZh: '手机', labelEn: 'Mobile', required: true },
    { field: 'company', labelZh: '公司', labelEn: 'Company', required: false },
  ],
  active: true,
};

/** Designs one form: which lead fields, their zh/en labels and required marks, the thanks or the redirect. */
export function WebFormEditor({ form, onClose }: { form: WebForm | null | 'new'; onClose: (saved?: WebForm) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const { data: formable = [] } = useFormableFields();
  const leads = useObjectMeta('leads');
  // The campaign picker is the members' own relation field (search as you type).
  const campaignField = useObjectMeta('campaign_members')?.fields.find((f) => f.name === 'campaign_id');
  const save = useSaveWebForm();
  const [draft, setDraft] = useState<WebFormInput>(form && form !== 'new' ? { ...form } : EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<WebFormInput>) => setDraft((d) => ({ ...d, ...patch }));
  const setField = (i: number, patch: Partial<FormField>) => set({ fields: draft.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const labelsOf = (name: string) => formable.find((f) => f.name === name)?.label;
  const sources = leads?.fields.find((f) => f.name === 'source')?.options ?? [];
  const unused = formable.filter((f) => !draft.fields.some((x) => x.field === f.name));

  const submit = async () => {
    try {
      const saved = await save.mutateAsync({ ...draft, id: form && form !== 'new' ? form.id : undefined });
      message.success(t('webForms.saved'));
      onClose(saved.data);
    } catch (e) {
      if (e instanceof ApiError) setErrors(Object.fromEntries(e.details.map((d) => [d.path, d.message])));
      message.error((e as Error).message);
    }
  };

  return (
    <Modal open width={860} title={form === 'new' ? t('webForms.new') : t('webForms.edit')} okText={t('common.save')} onOk={submit} confirmLoading={save.isPending} onCancel={() => onClose()} destroyOnHidden>
      <Form layout="vertical" data-testid="web-form-editor">
        <Space wrap align="start">
          <Form.Item label={t('webForms.name')} required validateStatus={errors.name ? 'error' : undefined} help={errors.name}>
            <Input style={{ width: 280 }} value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="web-form-name" />
          </Form.Item>
          <Form.Item label={t('webForms.source')}>
            <Select style={{ width: 160 }} value={draft.source} onChange={(source) => set({ source })} options={sources.map((o) => ({ value: o.value, label: label(o.label) }))} />
          </Form.Item>
          <Form.Item label={t('webForms.active')}>
            <Switch checked={draft.active} onChange={(active) => set({ active })} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item label={t('webForms.titleZh')}><Input style={{ width: '100%', maxWidth: 380 }} value={draft.titleZh ?? ''} onChange={(e) => set({ titleZh: e.target.value || null })} /></Form.Item>
          <Form.Item label={t('webForms.titleEn')}><Input style={{ width: '100%', maxWidth: 380 }} value={draft.titleEn ?? ''} onChange={(e) => set({ titleEn: e.target.value || null })} /></Form.Item>
        </Space>
        <Form.Item label={t('webForms.fields')} validateStatus={errors.fields ? 'error' : undefined} help={errors.fields ?? t('webForms.fieldsHint')}>
          <Table<FormField>
            rowKey="field"
            size="small"
            pagination={false}
            // On a phone the field rows scroll sideways instead of squeezing the labels to one character.
            scroll={{ x: 620 }}
            dataSource={draft.fields}
            data-testid="web-form-fields"
            columns={[
              { title: t('webForms.leadField'), dataIndex: 'field', width: 200, render: (name: string, _r, i) => (
                <Select style={{ width: 180 }} value={name} status={errors[`fields.${i}.field`] ? 'error' : undefined}
                  onChange={(field) => setField(i, { field, labelZh: labelsOf(field)?.zh ?? field, labelEn: labelsOf(field)?.en ?? field })}
                  options={[...formable.filter((f) => f.name === name), ...unused].map((f) => ({ value: f.name, label: label(f.label) }))} />
              ) },
              { title: t('webForms.labelZh'), dataIndex: 'labelZh', render: (v: string, _r, i) => <Input value={v} onChange={(e) => setField(i, { labelZh: e.target.value })} /> },
              { title: t('webForms.labelEn'), dataIndex: 'labelEn', render: (v: string, _r, i) => <Input value={v} onChange={(e) => setField(i, { labelEn: e.target.value })} /> },
              { title: t('webForms.required'), dataIndex: 'required', width: 70, render: (v: boolean, r, i) => <Checkbox checked={v || r.field === 'name'} disabled={r.field === 'name'} onChange={(e) => setField(i, { required: e.target.checked })} data-testid={`web-form-required-${r.field}`} /> },
              { key: 'x', width: 44, render: (_, r, i) => r.field !== 'name' && <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => set({ fields: draft.fields.filter((_f, j) => j !== i) })} /> },
            ]}
          />
          <Select
            style={{ width: 240, marginTop: 8 }}
            placeholder={<><PlusOutlined /> {t('webForms.addField')}</>}
            value={null}
            data-testid="web-form-add-field"
            onChange={(name: string) => set({ fields: [...draft.fields, { field: name, labelZh: labelsOf(name)?.zh ?? name, labelEn: labelsOf(name)?.en ?? name, required: false }] })}
            options={unused.map((f) => ({ value: f.name, label: label(f.label) }))}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item label={t('webForms.thankYouZh')}><Input.TextArea style={{ width: '100%', maxWidth: 380 }} rows={2} value={draft.thankYouZh ?? ''} onChange={(e) => set({ thankYouZh: e.target.value || null })} /></Form.Item>
          <Form.Item label={t('webForms.thankYouEn')}><Input.TextArea style={{ width: '100%', maxWidth: 380 }} rows={2} value={draft.thankYouEn ?? ''} onChange={(e) => set({ thankYouEn: e.target.value || null })} /></Form.Item>
        </Space>
        {campaignField && (
          <Form.Item label={t('webForms.campaign')} validateStatus={errors.campaignId ? 'error' : undefined} help={errors.campaignId ?? t('webForms.campaignHint')}>
            <div style={{ maxWidth: 380 }} data-testid="web-form-campaign">
              <RelationField.Input field={campaignField} value={draft.campaignId ?? null} onChange={(campaignId) => set({ campaignId: (campaignId as string | null) ?? null })} />
            </div>
          </Form.Item>
        )}
        <Form.Item label={t('webForms.redirectUrl')} validateStatus={errors.redirectUrl ? 'error' : undefined} help={errors.redirectUrl ?? t('webForms.redirectHint')}>
          <Input value={draft.redirectUrl ?? ''} placeholder="https://" onChange={(e) => set({ redirectUrl: e.target.value || null })} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
