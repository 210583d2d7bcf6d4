import { useDroppable } from '@dnd-kit/core';
import type { SelectOption } from '@crm/schema';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../engine/fields/format';
import { useLabel } from '../../i18n';

/** A kanban column for one stage: header with count and amount total, then its cards. */
export function StageColumn({ stage, count, total, children }: { stage: SelectOption; count: number; total: number; children: React.ReactNode }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { setNodeRef, isOver } = useDroppable({ id: stage.value });
  return (
    <div ref={setNodeRef} className={`crm-kanban-col${isOver ? ' over' : ''}`} data-testid={`board-column-${stage.value}`}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 8, gap: 4 }}>
        <Tag color={stage.color && stage.color !== 'default' ? stage.color : undefined} style={{ margin: 0 }}>
          {label(stage.label)}
        </Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`board-count-${stage.value}`}>
          {t('board.count', { count })}
        </Typography.Text>
      </div>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }} data-testid={`board-total-${stage.value}`}>
        {formatMoney(total, 'CNY')}
      </Typography.Text>
      {children}
    </div>
  );
}
