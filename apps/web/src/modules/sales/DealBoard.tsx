import { DndContext, DragOverlay, KeyboardSensor, MouseSensor, TouchSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { LineChartOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { App, Alert, Button, Grid, Input, Result, Segmented, Select, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, patch } from '../../api/client';
import { useObjectMeta } from '../../api/meta';
import { useInvalidateRecords, useRecordList, type RecordData } from '../../api/records';
import { useLabel } from '../../i18n';
import { PageLoading } from '../../shell/PageLoading';
import { useDebounced } from '../../shell/useDebounced';
import { stageSummaryKey, usePipelines, useStageSummary, type StageSummary } from '../pipelines/api';
import { DealCard } from './DealCard';
import { StageColumn } from './StageColumn';
import { StageFieldsModal, type StageFieldsRequest } from './StageFieldsModal';
import { moveInSummary } from './stageTotals';

const BOARD_LIMIT = 500;
/** /deals/board?pipeline=… — one pipeline's deals by stage; dragging a card changes its stage (optimistic, rolled back on error). */
export default function DealBoard() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const meta = useObjectMeta('deals');
  const pipelines = usePipelines();
  const [params, setParams] = useSearchParams();
  const invalidate = useInvalidateRecords();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const qc = useQueryClient();
  const live = (pipelines.data ?? []).filter((p) => !p.archived);
  const pipeline = live.find((p) => p.key === params.get('pipeline')) ?? live.find((p) => p.isDefault) ?? live[0];
  // Column headers count every deal the user may read in this pipeline, even beyond the BOARD_LIMIT cards loaded.
  const summary = useStageSummary(pipeline?.key, q);
  const list = useRecordList(
    'deals',
    { limit: BOARD_LIMIT, sort: '-updated_at', q: q || undefined, filter: { field: 'pipeline', op: 'eq', value: pipeline?.key }, fields: ['name', 'customer_id', 'amount', 'stage', 'probability'] },
    { enabled: Boolean(pipeline) },
  );
  const [deals, setDeals] = useState<RecordData[]>([]);
  const [dragging, setDragging] = useState<string | null>(null);
  const [asking, setAsking] = useState<(StageFieldsRequest & { deal: RecordData; stage: string }) | null>(null);
  // A touch drags only after a press (250 ms): a swipe still scrolls the board.
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );
  const touch = useTouchScreen();

  // The board keeps its own copy so a drop shows at once; server data replaces it when it arrives.
  useEffect(() => {
    if (list.data) setDeals(list.data.data);
  }, [list.data]);

  const stages = pipeline?.stages ?? [];
  const byStage = useMemo(() => {
    const map = new Map<string, RecordData[]>(stages.map((s) => [s.key, []]));
    for (const d of deals) map.get(String(d.stage))?.push(d);
    return map;
  }, [deals, stages]);

  if (!meta) return <Result status="404" title={t('error.noObject')} />;
  if (pipelines.isLoading || list.isLoading) return <PageLoading />;
  if (!pipeline) return <Result status="info" title={t('pipelines.none')} />;

  const customerField = meta.fields.find((f) => f.name === 'customer_id');
  const amountField = meta.fields.find((f) => f.name === 'amount');
  const stageField = meta.fields.find((f) => f.name === 'stage');
  const canMove = meta.access.update !== 'none' && !stageField?.readonly;
  const summaryKey = stageSummaryKey(pipeline.key, q);

  const move = async (deal: RecordData, stage: string, extra: Record<string, unknown> = {}) => {
    const before = deals;
    const target = stages.find((s) => s.key === stage)!;
    setDeals((ds) => ds.map((d) => (d.id === deal.id ? { ...d, stage } : d)));
    qc.setQueryData<StageSummary[]>(summaryKey, (rows) => rows && moveInSummary(rows, deal, stage, target.probability));
    try {
      const { data } = await patch<{ data: RecordData }>(`/api/v1/deals/${deal.id}`, { stage, ...extra, version: deal.version });
      setDeals((ds) => ds.map((d) => (d.id === deal.id ? { ...d, ...data } : d)));
      message.success(t('board.moved', { name: String(deal.name), stage: label(target.name) }));
      invalidate();
      void summary.refetch();
    } catch (e) {
      setDeals(before);
      void summary.refetch();
      const missing = e instanceof ApiError && e.code === 'validation_failed' ? e.details.map((d) => meta.fields.find((f) => f.name === d.path && !f.readonly)) : [];
      if (missing.length && missing.every(Boolean)) {
        // The stage needs fields this deal lacks: ask for them, then move again with them.
        setAsking({ deal, stage, stageLabel: label(target.name), fields: missing.map((f) => f!), initial: {} });
      } else if (e instanceof ApiError && e.code === 'version_conflict') {
        modal.warning({ title: t('form.conflictTitle'), content: t('board.conflict'), onOk: () => void list.refetch() });
      } else {
        message.error(`${t('board.moveFailed')}: ${(e as Error).message}`);
      }
    }
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const deal = deals.find((d) => d.id === active.id);
    const stage = over?.id ? String(over.id) : null;
    if (!deal || !stage || stage === deal.stage) return;
    await move(deal, stage);
  };

  const summaries = new Map((summary.data ?? []).map((r) => [r.stage, r]));
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
        <Select
          data-testid="pipeline-switcher"
          style={{ minWidth: 180, maxWidth: 280 }}
          value={pipeline.key}
          onChange={(key) => setParams({ pipeline: key })}
          options={live.map((p) => ({ value: p.key, label: label(p.name) }))}
          aria-label={t('pipelines.pipeline')}
        />
        <Input.Search allowClear style={{ width: 220 }} placeholder={t('list.searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
        <Button icon={<LineChartOutlined />} onClick={() => navigate('/forecast')}>
          {t('forecast.title')}
        </Button>
      </div>
      {list.data?.nextCursor && <Alert type="info" showIcon title={t('board.truncated', { n: BOARD_LIMIT })} style={{ marginBottom: 12 }} />}
      <DndContext sensors={sensors} onDragStart={(e) => canMove && setDragging(String(e.active.id))} onDragCancel={() => setDragging(null)} onDragEnd={canMove ? onDragEnd : () => setDragging(null)}>
        <div className="crm-kanban">
          {stages.map((s) => (
            <StageColumn key={s.key} stage={s} summary={summaries.get(s.key)}>
              {(byStage.get(s.key) ?? []).map((d) => (
                <DealCard key={d.id} deal={d} customerField={customerField} amountField={amountField}
                  {...(canMove && touch ? { moveTargets: stages.filter((x) => x.key !== d.stage).map((x) => ({ key: x.key, label: label(x.name) })), onMove: (stage: string) => void move(d, stage) } : {})} />
              ))}
            </StageColumn>
          ))}
        </div>
        <DragOverlay>{active ? <DealCard deal={active} customerField={customerField} amountField={amountField} overlay /> : null}</DragOverlay>
      </DndContext>
      <StageFieldsModal
        request={asking}
        onCancel={() => setAsking(null)}
        onSubmit={async (values) => {
          if (!asking) return;
          setAsking(null);
          await move(asking.deal, asking.stage, values);
        }}
      />
    </div>
  );
}

/** A phone-sized window or a touch-first pointer: cards get a "move to" menu besides dragging. */
function useTouchScreen(): boolean {
  const narrow = Grid.useBreakpoint().md === false;
  const [coarse] = useState(() => typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches);
  return narrow || coarse;
}
