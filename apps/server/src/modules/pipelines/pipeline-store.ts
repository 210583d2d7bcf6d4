import type { Pipeline, SelectOption } from '@crm/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';

export type { Pipeline, PipelineStage as Stage } from '@crm/schema';

/** The closing stages every pipeline ends with: reports read deals.stage = 'won' / 'lost' across pipelines. */
export const WON = 'won';
export const LOST = 'lost';
export const CLOSED_STAGES = [WON, LOST];

/** All pipelines with their stages in order (two small tables, read per deal write). */
export async function loadPipelines(db: Kysely<Database>): Promise<Pipeline[]> {
  const [pipelines, stages] = await Promise.all([
    db.selectFrom('pipelines').selectAll().orderBy('position').orderBy('key').execute(),
    db.selectFrom('pipeline_stages').selectAll().orderBy('pipeline_key').orderBy('position').execute(),
  ]);
  return pipelines.map((p) => ({
    key: p.key,
    name: { zh: p.name_zh, en: p.name_en },
    position: p.position,
    isDefault: p.is_default,
    archived: p.archived,
    stages: stages
      .filter((s) => s.pipeline_key === p.key)
      .map((s) => ({ key: s.key, name: { zh: s.name_zh, en: s.name_en }, probability: s.probability, color: s.color, requiredFields: s.required_fields })),
  }));
}

export function defaultPipeline(pipelines: Pipeline[]): Pipeline | undefined {
  return pipelines.find((p) => p.isDefault) ?? pipelines[0];
}

/**
 * deals.stage and deals.pipeline stay plain selects (filters, list columns, exports, aggregates keep
 * working) whose options are the union of all pipelines' stages; which stage belongs to which
 * pipeline is checked by the stage rules. Values once offered stay offered, so old deals and the
 * fields' defaults remain valid.
 */
export async function syncDealSelectOptions(engine: Engine, pipelines: Pipeline[]) {
  const meta = engine.metadata.get('deals');
  const merge = (current: SelectOption[] | undefined, next: SelectOption[]) => {
    const out = new Map<string, SelectOption>();
    for (const o of next) if (!out.has(o.value)) out.set(o.value, o);
    for (const o of current ?? []) if (!out.has(o.value)) out.set(o.value, o);
    // Closing stages last, so lists and the board read open → won → lost.
    return [...out.values()].sort((a, b) => Number(CLOSED_STAGES.includes(a.value)) - Number(CLOSED_STAGES.includes(b.value)) || CLOSED_STAGES.indexOf(a.value) - CLOSED_STAGES.indexOf(b.value));
  };
  const stageOptions = merge(
    meta.fields.find((f) => f.name === 'stage')?.options,
    pipelines.flatMap((p) => p.stages.map((s) => ({ value: s.key, label: s.name, ...(s.color ? { color: s.color } : {}) }))),
  );
  const pipelineOptions = merge(
    meta.fields.find((f) => f.name === 'pipeline')?.options,
    pipelines.map((p) => ({ value: p.key, label: p.name })),
  );
  for (const [name, options] of [['stage', stageOptions], ['pipeline', pipelineOptions]] as const) {
    const current = meta.fields.find((f) => f.name === name)?.options;
    if (JSON.stringify(current) !== JSON.stringify(options)) await engine.customFields.update('deals', name, { options });
  }
}
