import { DndContext, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { DeleteOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/meta';
import { ActionForm, defaultAction } from './ActionForm';
import type { Action } from './api';

/** Ordered actions: add, remove, drag to reorder; each with its own settings form. */
export function ActionsEditor({ meta, types, value, onChange }: { meta: ObjectMeta | undefined; types: string[]; value: Action[]; onChange: (a: Action[]) => void }) {
  const { t } = useTranslation();
  // Stable ids for dnd-kit while the list is edited.
  const ids = useRef<string[]>([]);
  while (ids.current.length < value.length) ids.current.push(Math.random().toString(36).slice(2));
  ids.current.length = value.length;
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.current.indexOf(String(active.id));
    const to = ids.current.indexOf(String(over.id));
    ids.current = arrayMove(ids.current, from, to);
    onChange(arrayMove(value, from, to));
  };
  const typeLabel = (type: string) => t(`automation.actionType.${type}`, { defaultValue: type });

  return (
    <div data-testid="actions">
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <SortableContext items={ids.current} strategy={verticalListSortingStrategy}>
          {value.map((action, i) => (
            <SortableAction key={ids.current[i]} id={ids.current[i]}>
              {(handle) => (
                <Card
                  size="small"
                  style={{ marginBottom: 8 }}
                  data-testid="action-card"
                  title={
                    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
                      <span {...handle} style={{ cursor: 'grab' }} aria-label={t('automation.action.drag')} data-testid="action-handle"><HolderOutlined /></span>
                      <Typography.Text type="secondary">{i + 1}.</Typography.Text>
                      <Select
                        style={{ width: 200 }}
                        value={action.type}
                        data-testid="action-type"
                        onChange={(type) => onChange(value.map((a, j) => (j === i ? defaultAction(type) : a)))}
                        options={[...new Set([...types, action.type])].map((type) => ({ value: type, label: typeLabel(type) }))}
                      />
                    </div>
                  }
                  extra={<Button type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => onChange(value.filter((_, j) => j !== i))} data-testid="action-remove" />}
                >
                  <ActionForm meta={meta} value={action} onChange={(a) => onChange(value.map((x, j) => (j === i ? a : x)))} />
                </Card>
              )}
            </SortableAction>
          ))}
        </SortableContext>
      </DndContext>
      {!value.length && <Typography.Paragraph type="secondary">{t('automation.action.none')}</Typography.Paragraph>}
      <Select
        style={{ width: 220 }}
        value={null}
        placeholder={<span><PlusOutlined /> {t('automation.action.add')}</span>}
        data-testid="action-add"
        onChange={(type: string) => onChange([...value, defaultAction(type)])}
        options={types.map((type) => ({ value: type, label: typeLabel(type) }))}
      />
    </div>
  );
}

function SortableAction({ id, children }: { id: string; children: (handle: Record<string, unknown>) => React.ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, transition } = useSortable({ id });
  return (
    <div ref={setNodeRef} style={{ transform: transform ? `translate3d(0, ${transform.y}px, 0)` : undefined, transition }}>
      {children({ ...attributes, ...listeners })}
    </div>
  );
}
