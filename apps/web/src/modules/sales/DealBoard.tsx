import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { UnorderedListOutlined } from '@ant-design/icons';
import { App, Alert, Input, Result, Segmented, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { aggregateKey, byKey, metric, useAggregate, type AggregateQuery, type AggregateRow } from '../../api/aggregate';
import { ApiError, patch } from '../../api/client';
import { useObjectMeta } from '../../api/meta';
import { useInvalidateRecords, useRecordList, type RecordData } from '../../api/records';
import { useLabel } from '../../i18n';
import { PageLoading } from '../../shell/PageLoading';
import { useDebounced } from '../../shell/useDebounced';
import { DealCard } from './DealCard';
import { StageColumn } from './StageColumn';
import { moveInTotals } from './stageTotals';

const BOARD_LIMIT = 500;
/** /deals/board — deals by stage; dragging a card changes its stage (optimistic, rolled back on error). */
export default function DealBoard() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const meta = useObjectMeta('deals');
  const invalidate = useInvalidateRecords();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const qc = useQueryClient();
  const totalsQuery: AggregateQuery = { groupBy: 'stage', metrics: ['count', 'sum:amount'], q: q || undefined };
  // Column headers count every deal the user may read, even beyond the BOARD_LIMIT cards loaded.
  const totals = useAggregate('deals', totalsQuery);
  const list = useRecordList('deals', { limit: BOARD_LIMIT, sort: '-updated_at', q: q || undefined, fields: ['name', 'customer_id', 'amount', 'stage', 'probability'] });
  const [deals, setDeals] = useState<RecordData[]>([]);
  const [dragging, setDragging] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));

  // The board keeps its own copy so a drop shows at once; server data replaces it when it arrives.
  useEffect(() => {
    if (list.data) setDeals(list.data.data);
  }, [list.data]);

  const stageField = meta?.fields.find((f) => f.name === 'stage');
  const stages = stageField?.options ?? [];
  const byStage = useMemo(() => {
    const map = new Map<string, RecordData[]>(stages.map((s) => [s.value, []]));
    for (const d of deals) map.get(String(d.stage))?.push(d);
    return map;
  }, [deals, stages]);

  if (!meta) return <Result status="404" title={t('error.noObject')} />;
  if (list.isLoading) return <PageLoading />;

  const customerField = meta.fields.find((f) => f.name === 'customer_id');
  const amountField = meta.fields.find((f) => f.name === 'amount');
  const canMove = meta.access.update !== 'none' && !stageField?.readonly;

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const deal = deals.find((d) => d.id === active.id);
    const stage = over?.id ? String(over.id) : null;
    if (!deal || !stage || stage === deal.stage) return;
    const before = deals;
    setDeals((ds) => ds.map((d) => (d.id === deal.id ? { ...d, stage } : d)));
    qc.setQueryData<AggregateRow[]>(aggregateKey('deals', totalsQuery), (rows) => rows && moveInTotals(rows, deal, stage));
    try {
      const { data } = await patch<{ data: RecordData }>(`/api/v1/deals/${deal.id}`, { stage, version: deal.version });
      setDeals((ds) => ds.map((d) => (d.id === deal.id ? { ...d, ...data } : d)));
      message.success(t('board.moved', { name: String(deal.name), stage: label(stages.find((s) => s.value === stage)?.label) }));
      invalidate();
    } catch (e) {
      setDeals(before);
      void totals.refetch();
      if (e instanceof ApiError && e.code === 'version_conflict') {
        modal.warning({ title: t('form.conflictTitle'), content: t('board.conflict'), onOk: () => void list.refetch() });
      } else {
        message.error(`${t('board.moveFailed')}: ${(e as Error).message}`);
      }
    }
  };

  const stageTotals = byKey(totals.data);
  const active = dragging ? deals.find((d) => d.id === dragging) : undefined;
  return (
    <div className="crm-page" data-testid="deal-board">
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {label(meta.pluralLabel)}
        </Typography.Title>
        <Segmented
          size="small"
          value="board"
          onChange={(v) => v === 'list' && navigate('/o/deals')}
          options={[{ value: 'list', label: t('deals.listView'), icon: <UnorderedListOutlined /> }, { value: 'board', label: t('deals.boardView') }]}
        />
        <Input.Search allowClear style={{ width: 220 }} placeholder={t('list.searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {list.data?.nextCursor && <Alert type="info" showIcon title={t('board.truncated', { n: BOARD_LIMIT })} style={{ marginBottom: 12 }} />}
      <DndContext sensors={sensors} onDragStart={(e) => canMove && setDragging(String(e.active.id))} onDragCancel={() => setDragging(null)} onDragEnd={canMove ? onDragEnd : () => setDragging(null)}>
        <div className="crm-kanban">
          {stages.map((s) => {
            const items = byStage.get(s.value) ?? [];
            const row = stageTotals.get(s.value);
            return (
              <StageColumn key={s.value} stage={s} count={metric(row, 'count')} total={metric(row, 'sum_amount')}>
                {items.map((d) => (
                  <DealCard key={d.id} deal={d} customerField={customerField} amountField={amountField} />
                ))}
              </StageColumn>
            );
          })}
        </div>
        <DragOverlay>{active ? <DealCard deal={active} customerField={customerField} amountField={amountField} overlay /> : null}</DragOverlay>
      </DndContext>
    </div>
  );
}
