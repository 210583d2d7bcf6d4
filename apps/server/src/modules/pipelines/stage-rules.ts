import { timeZoneFrom } from '../../config.js';
import type { HookEvent, RecordHooks } from '../../engine/hooks/hooks.js';
import { ApiError } from '../../http/errors.js';
import { defaultPipeline, loadPipelines, LOST, WON, type Pipeline, type Stage } from './pipeline-store.js';

/** The stage deals.stage defaults to; a pipeline without it starts new deals in its first stage. */
const FIELD_DEFAULT_STAGE = 'initial';

/** Today in the CRM's time zone (a deal won at 07:00 in Beijing closes that day, not the day before in UTC). */
/** A deal imported with its close time closes that day. */
const today = (at?: string) => new Intl.DateTimeFormat('en-CA', { timeZone: timeZoneFrom() }).format(at ? new Date(at) : new Date());

/**
 * Pipelines as read by one transaction: a bulk write (an import batch) runs this hook once per
 * deal in the same transaction, and reading the two tables per deal made deal imports 5x slower.
 * No deal write changes pipelines within its transaction, so the first read holds for all of it.
 */
const pipelinesByTransaction = new WeakMap<object, Promise<Pipeline[]>>();
function pipelinesOf(trx: HookEvent['trx']): Promise<Pipeline[]> {
  if (!trx.isTransaction) return loadPipelines(trx);
  let pipelines = pipelinesByTransaction.get(trx);
  if (!pipelines) {
    pipelines = loadPipelines(trx);
    pipelinesByTransaction.set(trx, pipelines);
  }
  return pipelines;
}

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Rules of deal stages per pipeline, on every write through the engine (API, kanban, import,
 * automation): the stage must belong to the deal's pipeline; entering a stage takes its default
 * win probability (unless the same change sets one) and needs its required fields filled; lost
 * needs a lost reason; a won deal without an expected close date closes today.
 */
async function applyPipelineStage(event: HookEvent) {
  const { values, previous } = event;
  const pipelineChanged = values.pipeline !== undefined && values.pipeline !== previous?.pipeline;
  const stageChanged = values.stage !== undefined && values.stage !== previous?.stage;
  if (previous && !pipelineChanged && !stageChanged && !closingFieldsCleared(values, previous)) return;

  const pipelines = await pipelinesOf(event.trx);
  const pipeline = pickPipeline(pipelines, (values.pipeline ?? previous?.pipeline) as string | null | undefined);
  values.pipeline = pipeline.key;
  let stageKey = (values.stage ?? previous?.stage) as string | undefined;
  const inPipeline = (key: string | undefined) => pipeline.stages.find((s) => s.key === key);
  if (!inPipeline(stageKey) && (!previous ? stageKey === FIELD_DEFAULT_STAGE : !stageChanged)) {
    // A new deal left at the field's default, or a deal moved to another pipeline without a stage.
    stageKey = pipeline.stages[0]?.key;
    values.stage = stageKey;
  }
  const stage = inPipeline(stageKey);
  if (!stage) {
    throw new ApiError('validation_failed', `stage '${stageKey}' is not a stage of pipeline ${pipeline.name.zh} (${pipeline.key}); use one of: ${pipeline.stages.map((s) => s.key).join(', ')}`, [
      { path: 'stage', message: `not in pipeline ${pipeline.key}` },
    ]);
  }
  const entering = !previous || stage.key !== previous.stage;
  if (entering && values.probability === undefined) values.probability = stage.probability;
  checkRequiredFields(stage, { ...previous, ...values });
  if (stage.key === WON && blank(values.expected_close_date ?? previous?.expected_close_date)) values.expected_close_date = today(values.closed_at as string | undefined);
}

/** Emptying lost_reason (or a stage's required field) on a deal already in that stage is refused too. */
function closingFieldsCleared(values: Record<string, unknown>, previous: Record<string, unknown>) {
  return Object.entries(values).some(([k, v]) => blank(v) && !blank(previous[k]));
}

function pickPipeline(pipelines: Pipeline[], key: string | null | undefined): Pipeline {
  const found = key ? pipelines.find((p) => p.key === key) : defaultPipeline(pipelines);
  if (!found) throw new ApiError('validation_failed', `no pipeline '${key}'`, [{ path: 'pipeline', message: 'unknown pipeline' }]);
  return found;
}

function checkRequiredFields(stage: Stage, merged: Record<string, unknown>) {
  const required = stage.key === LOST ? [...new Set(['lost_reason', ...stage.requiredFields])] : stage.requiredFields;
  const missing = required.filter((name) => blank(merged[name]));
  if (!missing.length) return;
  throw new ApiError('validation_failed', `to enter stage ${stage.name.zh} (${stage.key}) fill in: ${missing.join(', ')}`, missing.map((path) => ({ path, message: `is required for stage ${stage.key}` })));
}

export function registerPipelineStageRules(hooks: RecordHooks) {
  hooks.on('deals', 'beforeCreate', applyPipelineStage);
  hooks.on('deals', 'beforeUpdate', applyPipelineStage);
}

export { WON, LOST };
