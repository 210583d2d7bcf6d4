import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useObjectMeta } from '../../api/meta';
import { useLabel } from '../../i18n';
import { useDeletePipeline, usePipelines, useSavePipeline, type Pipeline } from './api';

const CLOSING = [
  { key: 'won', name: { zh: '赢单', en: 'Won' }, probability: 100, color: 'green', requiredFields: [] },
  { key: 'lost', name: { zh: '输单', en: 'Lost' }, probability: 0, color: 'red', requiredFields: ['lost_reason'] },
];
const BLANK: Pipeline = { key: '', name: { zh: '', en: '' }, position: 0, isDefault: false, archived: false, stages: [{ key: 'first', name: { zh: '初步接洽', en: 'First contact' }, probability: 10, color: null, requiredFields: [] }, ...CLOSING.map((s) => ({ ...s }))] };

/** Settings → 销售流程: pipelines with their ordered stages, default probabilities and required fields. */
export function PipelinesSettings() {
  const { t } = useTranslation();
  const label = useLabel();
  const { modal, message } = App.useApp();
  const pipelines = usePipelines();
  const remove = useDeletePipeline();
  const [editing, setEditing] = useState<{ pipeline: Pipeline; isNew: boolean } | null>(null);
  return (
    <Card
      title={t('pipelines.settingsTitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ pipeline: { ...BLANK, position: pipelines.data?.length ?? 0 }, isNew: true })} data-testid="pipeline-add">
          {t('pipelines.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('pipelines.settingsHint')}</Typography.Paragraph>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        loading={pipelines.isLoading}
        dataSource={pipelines.data ?? []}
        columns={[
          { title: t('pipelines.name'), render: (_, p) => <Space>{label(p.name)}{p.isDefault && <Tag color="blue">{t('pipelines.default')}</Tag>}{p.archived && <Tag>{t('pipelines.archived')}</Tag>}</Space> },
          { title: t('pipelines.stages'), render: (_, p) => <Space size={4} wrap>{p.stages.map((s) => <Tag key={s.key} color={s.color ?? undefined}>{label(s.name)} {s.probability}%</Tag>)}</Space> },
          {
            title: t('common.actions'),
            width: 160,
            render: (_, p) => (
              <Space>
                <Button size="small" onClick={() => setEditing({ pipeline: p, isNew: false })} data-testid={`pipeline-edit-${p.key}`}>{t('common.edit')}</Button>
                {!p.isDefault && (
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() =>
                      modal.confirm({
                        title: t('pipelines.deleteConfirm', { name: label(p.name) }),
                        onOk: () => remove.mutateAsync(p.key).then(() => message.success(t('pipelines.deleted')), (e: Error) => message.error(e.message)),
                      })
                    }
                  />
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <PipelineDialog initial={editing.pipeline} isNew={editing.isNew} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function PipelineDialog({ initial, isNew, onClose }: { initial: Pipeline; isNew: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const save = useSavePipeline();
  const deals = useObjectMeta('deals');
  const [form] = Form.useForm<Pipeline>();
  const fieldOptions = (deals?.fields ?? []).filter((f) => !f.system && !f.readonly).map((f) => ({ value: f.name, label: label(f.label) }));
  const onOk = async () => {
    const { key, ...body } = await form.validateFields();
    try {
      await save.mutateAsync({ key: isNew ? key : initial.key, body: { ...body, position: initial.position } });
      message.success(t('pipelines.saved'));
      onClose();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Modal open width={820} title={isNew ? t('pipelines.add') : label(initial.name)} onCancel={onClose} onOk={onOk} confirmLoading={save.isPending} okText={t('common.save')} cancelText={t('common.cancel')} data-testid="pipeline-dialog">
      <Form form={form} layout="vertical" initialValues={initial}>
        <Space wrap>
          <Form.Item name="key" label={t('pipelines.key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: t('pipelines.keyRule') }]}>
            <Input disabled={!isNew} style={{ width: 160 }} data-testid="pipeline-key" />
          </Form.Item>
          <Form.Item name={['name', 'zh']} label={t('pipelines.nameZh')} rules={[{ required: true }]}>
            <Input style={{ width: 200 }} data-testid="pipeline-name-zh" />
          </Form.Item>
          <Form.Item name={['name', 'en']} label={t('pipelines.nameEn')} rules={[{ required: true }]}>
            <Input style={{ width: 200 }} data-testid="pipeline-name-en" />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="isDefault" valuePropName="checked"><Checkbox>{t('pipelines.default')}</Checkbox></Form.Item>
          <Form.Item name="archived" valuePropName="checked"><Checkbox>{t('pipelines.archived')}</Checkbox></Form.Item>
        </Space>
        <Typography.Title level={5} style={{ marginTop: 0 }}>{t('pipelines.stages')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('pipelines.stagesHint')}</Typography.Paragraph>
        <Form.List name="stages">
          {(items, { add, remove, move }) => (
            <>
              {items.map((item, i) => {
                const closing = i >= items.length - 2;
                return (
                  <Space key={item.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item name={[item.name, 'key']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: t('pipelines.keyRule') }]}>
                      <Input placeholder={t('pipelines.key')} disabled={closing} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'name', 'zh']} rules={[{ required: true }]}>
                      <Input placeholder={t('pipelines.nameZh')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'name', 'en']} rules={[{ required: true }]}>
                      <Input placeholder={t('pipelines.nameEn')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'probability']} rules={[{ required: true }]}>
                      <InputNumber min={0} max={100} suffix="%" disabled={closing} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'requiredFields']}>
                      <Select mode="multiple" placeholder={t('pipelines.requiredFields')} options={fieldOptions} style={{ width: 200 }} maxTagCount="responsive" />
                    </Form.Item>
                    {!closing && (
                      <Space size={2}>
                        <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)}>↑</Button>
                        <Button size="small" disabled={i >= items.length - 3} onClick={() => move(i, i + 1)}>↓</Button>
                        <Button size="small" danger icon={<DeleteOutlined />} disabled={items.length <= 3} onClick={() => remove(i)} />
                      </Space>
                    )}
                  </Space>
                );
              })}
              <Button icon={<PlusOutlined />} onClick={() => add({ key: '', name: { zh: '', en: '' }, probability: 50, color: null, requiredFields: [] }, items.length - 2)} data-testid="stage-add">
                {t('pipelines.addStage')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
