import { DownOutlined, EditOutlined, TagsOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Modal, Select, Space } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { editableFields, fieldOf, type ObjectMeta } from '../../api/meta';
import { useBulkAction, type BulkAction } from '../../api/records';
import { useLabel } from '../../i18n';
import { FieldInput } from '../fields';
import { isBlank } from '../fields/types';
import { applyServerErrors } from '../formErrors';

type Dialog = 'owner' | 'field' | 'addTags' | 'removeTags' | null;

/**
 * The list's selection toolbar beyond delete: change owner, edit one field, add or remove tags.
 * On a phone (compact) the same actions sit in one 批量操作 menu, which fits the selection bar.
 */
export function BulkActions({ meta, selected, onDone, compact }: { meta: ObjectMeta; selected: string[]; onDone: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const run = useBulkAction(meta.name);
  const editable = useMemo(() => editableFields(meta), [meta]);
  const owner = editable.find((f) => f.name === 'owner_id');
  const tags = editable.find((f) => f.type === 'tags');
  const chosenName = Form.useWatch('field', form) as string | undefined;
  const chosen = chosenName ? fieldOf(meta, chosenName) : undefined;

  if (meta.access.update === 'none' || !selected.length) return null;

  const open = (d: Dialog) => {
    form.resetFields();
    setDialog(d);
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    let action: BulkAction;
    if (dialog === 'owner') action = { action: 'set', ids: selected, values: { owner_id: values.owner_id } };
    else if (dialog === 'field') action = { action: 'set', ids: selected, values: { [values.field]: isBlank(values.value) ? null : values.value } };
    else action = { action: dialog === 'addTags' ? 'addTags' : 'removeTags', ids: selected, field: tags!.name, tags: values.tags };
    try {
      const result = await run.mutateAsync(action);
      message.success(t('bulk.done', { count: result.count }));
      setDialog(null);
      onDone();
    } catch (e) {
      applyServerErrors(form, e, message, t);
    }
  };

  const title = dialog && t(`bulk.${dialog}Title`, { count: selected.length });
  const actions = [
    owner && { key: 'owner' as const, icon: <UserSwitchOutlined />, label: t('bulk.owner'), testId: 'bulk-owner' },
    { key: 'field' as const, icon: <EditOutlined />, label: t('bulk.field'), testId: 'bulk-edit' },
    tags && { key: 'addTags' as const, icon: <TagsOutlined />, label: t('bulk.addTags'), testId: 'bulk-add-tags' },
    tags && { key: 'removeTags' as const, icon: undefined, label: t('bulk.removeTags'), testId: 'bulk-remove-tags' },
  ].filter((a) => !!a);
  return (
    <>
      {compact ? (
        <Dropdown trigger={['click']} menu={{ items: actions.map((a) => ({ key: a.key, icon: a.icon, label: <span data-testid={a.testId}>{a.label}</span> })), onClick: ({ key }) => open(key as Dialog) }}>
          <Button data-testid="bulk-menu">{t('bulk.actions')} <DownOutlined /></Button>
        </Dropdown>
      ) : (
        <Space.Compact>
          {actions.map((a) => <Button key={a.key} icon={a.icon} onClick={() => open(a.key)} data-testid={a.testId}>{a.label}</Button>)}
        </Space.Compact>
      )}
      <Modal open={dialog !== null} title={title} onCancel={() => setDialog(null)} onOk={submit} okText={t('bulk.apply')} cancelText={t('common.cancel')}
        confirmLoading={run.isPending} destroyOnHidden data-testid="bulk-dialog">
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'owner' && owner && (
            <Form.Item name="owner_id" label={t('bulk.newOwner')} rules={[{ required: true, message: t('validation.required') }]} data-testid="bulk-owner-field">
              <FieldInput field={owner} />
            </Form.Item>
          )}
          {dialog === 'field' && (
            <>
              <Form.Item name="field" label={t('bulk.whichField')} rules={[{ required: true, message: t('validation.required') }]} data-testid="bulk-field-name">
                <Select showSearch={{ optionFilterProp: 'label' }} options={editable.filter((f) => f.name !== 'owner_id' && f.type !== 'tags').map((f) => ({ value: f.name, label: label(f.label) }))}
                  onChange={() => form.setFieldValue('value', undefined)} />
              </Form.Item>
              {chosen && (
                <Form.Item name="value" label={t('bulk.newValue')} extra={t('bulk.blankClears')} data-testid="bulk-field-value">
                  <FieldInput field={chosen} />
                </Form.Item>
              )}
            </>
          )}
          {(dialog === 'addTags' || dialog === 'removeTags') && tags && (
            <Form.Item name="tags" label={label(tags.label)} rules={[{ required: true, message: t('validation.required') }]} data-testid="bulk-tags">
              <FieldInput field={tags} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
