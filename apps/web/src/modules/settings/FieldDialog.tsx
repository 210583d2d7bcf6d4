import { FIELD_TYPES, type FieldType, type SelectOption } from '@crm/schema';
import { App, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, useAdminMutation } from '../../api/admin';
import type { Field, ObjectMeta } from '../../api/meta';
import { applyServerErrors } from '../../engine/formErrors';
import { useLabel } from '../../i18n';
import { OptionsEditor } from './OptionsEditor';

const TEXTUAL = new Set<FieldType>(['text', 'long_text']);
const NUMERIC = new Set<FieldType>(['integer', 'decimal', 'percent', 'currency']);
const CHOICE = new Set<FieldType>(['select', 'multi_select']);

interface Props {
  meta: ObjectMeta;
  objects: ObjectMeta[];
  /** The field to edit; a new custom field when absent. */
  field?: Field;
  open: boolean;
  onClose: () => void;
}

/** Add or edit a field. Standard fields only allow label, options and required (the server enforces this too). */
export function FieldDialog({ meta, objects, field, open, onClose }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const type = Form.useWatch('type', form) as FieldType | undefined;
  const standard = !!field && !field.custom;
  const save = useAdminMutation(
    (body: Record<string, unknown>) =>
      field ? adminApi.patch(`/api/v1/meta/objects/${meta.name}/fields/${field.name}`, body) : adminApi.post(`/api/v1/meta/objects/${meta.name}/fields`, body),
    [['meta', 'objects']],
  );

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(field ? { ...field, relationObject: field.relation?.object } : { type: 'text', required: false, label: { zh: '', en: '' } });
  }, [open, field, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const kind: FieldType = field?.type ?? v.type;
    const body: Record<string, unknown> = { label: v.label, required: !!v.required };
    if (CHOICE.has(kind)) body.options = (v.options as SelectOption[]).map((o) => ({ ...o, label: { zh: o.label.zh || o.value, en: o.label.en || o.label.zh || o.value } }));
    if (!standard) {
      if (TEXTUAL.has(kind) && v.maxLength) body.maxLength = v.maxLength;
      if (NUMERIC.has(kind)) Object.assign(body, v.min !== undefined && v.min !== null ? { min: v.min } : {}, v.max !== undefined && v.max !== null ? { max: v.max } : {});
      body.searchable = !!v.searchable;
      body.indexed = !!v.indexed;
      if (!field) {
        body.type = kind;
        body.unique = !!v.unique;
        if (kind === 'relation') {
          const target = objects.find((o) => o.name === v.relationObject)!;
          // The reverse list on the target object, e.g. a customer's list of "projects".
          body.relation = { object: target.name, reverseName: `${meta.name}_${Date.now().toString(36)}`, reverseLabel: meta.pluralLabel };
        }
      } else body.unique = !!v.unique;
    }
    try {
      await save.mutateAsync(body);
      message.success(t('form.updated'));
      onClose();
    } catch (e) {
      applyServerErrors(form, e, message, t);
    }
  };

  return (
    <Modal open={open} title={field ? t('fields.edit', { name: label(field.label) }) : t('fields.add')} onOk={submit} onCancel={onClose} okText={t('common.save')}
      confirmLoading={save.isPending} width={720} forceRender destroyOnHidden data-testid="field-dialog">
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['label', 'zh']} label={t('fields.labelZh')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input maxLength={100} data-testid="field-label-zh" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['label', 'en']} label={t('fields.labelEn')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input maxLength={100} data-testid="field-label-en" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="type" label={t('fields.type')}>
              <Select disabled={!!field} data-testid="field-type" showSearch={{ optionFilterProp: 'label' }} options={FIELD_TYPES.map((ft) => ({ value: ft, label: t(`fieldType.${ft}`) }))} />
            </Form.Item>
          </Col>
          {type === 'relation' && (
            <Col span={12}>
              <Form.Item name="relationObject" label={t('fields.relationTarget')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select disabled={!!field} options={objects.map((o) => ({ value: o.name, label: label(o.label) }))} />
              </Form.Item>
            </Col>
          )}
          {!standard && type && TEXTUAL.has(type) && (
            <Col span={12}>
              <Form.Item name="maxLength" label={t('fields.maxLength')}>
                <InputNumber min={1} max={100000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          {!standard && type && NUMERIC.has(type) && (
            <>
              <Col span={6}><Form.Item name="min" label={t('fields.min')}><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={6}><Form.Item name="max" label={t('fields.max')}><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
            </>
          )}
        </Row>
        {type && CHOICE.has(type) && (
          <Form.Item name="options" label={t('fields.options')} rules={[{ validator: async (_, v) => { if (!v?.length) throw new Error(t('fields.needOptions')); } }]}>
            <OptionsEditor locked={field?.options?.map((o) => o.value) ?? []} />
          </Form.Item>
        )}
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
          <Form.Item name="required" valuePropName="checked" noStyle><Checkbox data-testid="field-required">{t('fields.required')}</Checkbox></Form.Item>
          {!standard && (
            <>
              <Form.Item name="unique" valuePropName="checked" noStyle><Checkbox>{t('fields.unique')}</Checkbox></Form.Item>
              <Form.Item name="searchable" valuePropName="checked" noStyle><Checkbox>{t('fields.searchable')}</Checkbox></Form.Item>
              <Form.Item name="indexed" valuePropName="checked" noStyle><Checkbox>{t('fields.indexed')}</Checkbox></Form.Item>
            </>
          )}
        </div>
      </Form>
    </Modal>
  );
}
