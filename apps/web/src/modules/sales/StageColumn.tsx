import { useDroppable } from '@dnd-kit/core';
import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCompanyMoney } from '../../api/currency';
import { useLabel } from '../../i18n';
import type { Stage, StageSummary } from '../pipelines/api';

/** A kanban column for one stage: header with count, amount total and weighted total, then its cards. */
export function StageColumn({ stage, summary, children }: { stage: Stage; summary?: StageSummary; children: React.ReactNode }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { setNodeRef, isOver } = useDroppable({ id: stage.key });
  const { format } = useCompanyMoney();
  const money = (v: number | null | undefined) => format(v === undefined ? 0 : v);
  return (
    <div ref={setNodeRef} className={`crm-kanban-col${isOver ? ' over' : ''}`} data-testid={`board-column-${stage.key}`}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 8, gap: 4 }}>
        <Tag color={stage.color && stage.color !== 'default' ? stage.color : undefined} style={{ margin: 0, maxWidth: 150, overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {label(stage.name)} · {stage.probability}%
        </Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`board-count-${stage.key}`}>
          {t('board.count', { count: summary?.count ?? 0 })}
        </Typography.Text>
      </div>
      <Typography.Text strong style={{ display: 'block' }} data-testid={`board-total-${stage.key}`}>
        {money(summary?.total)}
      </Typography.Text>
      <Tooltip title={t('pipelines.weightedHint')}>
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 12 }} data-testid={`board-weighted-${stage.key}`}>
          {t('pipelines.weighted')} {money(summary?.weighted)}
        </Typography.Text>
      </Tooltip>
      {children}
    </div>
  );
}
