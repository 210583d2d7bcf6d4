import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateView, useDeleteView, useViews, type SavedView, type ViewConfig } from '../../api/views';

interface Props {
  object: string;
  current: ViewConfig;
  activeId: string | null;
  onApply: (view: SavedView | null) => void;
}

/** The user's saved list views: switch, save the current columns/filter/sort, delete. */
export function SavedViews({ object, current, activeId, onApply }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: views = [] } = useViews(object);
  const create = useCreateView();
  const remove = useDeleteView(object);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const save = async () => {
    if (!name.trim()) return;
    try {
      const view = await create.mutateAsync({ object, name: name.trim(), config: current });
      message.success(t('views.saved'));
      setNaming(false);
      setName('');
      onApply(view);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Space.Compact>
      <Select
        style={{ width: 160 }}
        value={activeId ?? ''}
        data-testid="view-select"
        onChange={(id) => onApply(views.find((v) => v.id === id) ?? null)}
        options={[{ value: '', label: t('views.all') }, ...views.map((v) => ({ value: v.id, label: v.name }))]}
        optionRender={(opt) =>
          opt.value ? (
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <span className="crm-ellipsis">{opt.label}</span>
              <DeleteOutlined
                aria-label={t('common.delete')}
                onClick={(e) => {
                  e.stopPropagation();
                  void remove.mutateAsync(String(opt.value)).then(() => {
                    if (opt.value === activeId) onApply(null);
                  });
                }}
              />
            </div>
          ) : (
            opt.label
          )
        }
      />
      <Button icon={<SaveOutlined />} onClick={() => setNaming(true)} data-testid="view-save" title={t('views.save')} />
      <Modal open={naming} title={t('views.save')} onOk={save} onCancel={() => setNaming(false)} confirmLoading={create.isPending} okText={t('common.save')} destroyOnHidden>
        <Input autoFocus placeholder={t('views.namePlaceholder')} value={name} maxLength={50} onChange={(e) => setName(e.target.value)} onPressEnter={save} data-testid="view-name" />
      </Modal>
    </Space.Compact>
  );
}
