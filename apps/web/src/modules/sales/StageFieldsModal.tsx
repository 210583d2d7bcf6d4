import { Form, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/meta';
import { FieldInput } from '../../engine/fields';
import { useLabel } from '../../i18n';

export interface StageFieldsRequest {
  stageLabel: string;
  fields: Field[];
  initial: Record<string, unknown>;
}

/**
 * Asked when a drop needs fields the deal lacks (the server named them): fill them and the move is
 * sent again with them. The lost stage asks for the lost reason this way.
 */
export function StageFieldsModal({ request, onSubmit, onCancel }: { request: StageFieldsRequest | null; onSubmit: (values: Record<string, unknown>) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [form] = Form.useForm();
  useEffect(() => {
    if (request) form.setFieldsValue(request.initial);
  }, [request, form]);
  return (
    <Modal
      open={Boolean(request)}
      title={t('pipelines.fillTitle', { stage: request?.stageLabel ?? '' })}
      okText={t('pipelines.fillOk')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={async () => onSubmit(await form.validateFields())}
      destroyOnHidden
      data-testid="stage-fields-modal"
    >
      <Typography.Paragraph type="secondary">{t('pipelines.fillHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        {request?.fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={label(f.label)} rules={[{ required: true, message: t('pipelines.required') }]} data-testid={`stage-field-${f.name}`}>
            <FieldInput field={f} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
