import { sql } from 'kysely';
import { z } from 'zod';
import { ApiError, badRequest, notFound, parseInput } from '../../http/errors.js';
import { auditConfigChange } from '../../engine/audit/audit.js';
import type { ModuleContext } from '../module.js';
import { pipelineSnapshot } from './pipeline-audit.js';
import { CLOSED_STAGES, LOST, loadPipelines, syncDealSelectOptions, WON, type Pipeline } from './pipeline-store.js';

const key = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be snake_case: lower-case letters, digits and _');
const name = z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }).strict();

export const pipelineInput = z
  .object({
    name,
    position: z.number().int().min(0).max(10_000).default(0),
    isDefault: z.boolean().default(false),
    archived: z.boolean().default(false),
    stages: z
      .array(
        z
          .object({
            key,
            name,
            probability: z.number().int().min(0).max(100),
            color: z.string().max(20).nullish(),
            requiredFields: z.array(z.string().max(60)).max(30).default([]),
          })
          .strict(),
      )
      .min(3)
      .max(30),
  })
  .strict();
export type PipelineInput = z.infer<typeof pipelineInput>;

/** Checks what the schema cannot: unique keys, closing stages won/lost at the end, known fields. */
function checkStages(ctx: ModuleContext, input: PipelineInput) {
  const keys = input.stages.map((s) => s.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw badRequest(`stage '${dup}' appears twice`, [{ path: `stages.${keys.lastIndexOf(dup)}.key`, message: 'duplicate stage key' }]);
  if (keys.slice(-2).join() !== CLOSED_STAGES.join() || keys.slice(0, -2).some((k) => CLOSED_STAGES.includes(k))) {
    throw badRequest(`every pipeline ends with the stages '${WON}' and '${LOST}', in that order`, [{ path: 'stages', message: `last two stages must be ${WON}, ${LOST}` }]);
  }
  const won = input.stages.at(-2)!;
  const lost = input.stages.at(-1)!;
  if (won.probability !== 100) throw badRequest(`the ${WON} stage has probability 100`, [{ path: `stages.${keys.length - 2}.probability`, message: 'must be 100' }]);
  if (lost.probability !== 0) throw badRequest(`the ${LOST} stage has probability 0`, [{ path: `stages.${keys.length - 1}.probability`, message: 'must be 0' }]);
  const fields = ctx.engine.metadata.get('deals').fields.filter((f) => !f.system && !f.archived).map((f) => f.name);
  input.stages.forEach((stage, i) =>
    stage.requiredFields.forEach((f, j) => {
      if (!fields.includes(f)) throw badRequest(`deals have no field '${f}'`, [{ path: `stages.${i}.requiredFields.${j}`, message: 'unknown deal field' }]);
    }),
  );
}

/** Creates or replaces a pipeline with its stages; refuses to drop a stage that still holds deals. */
export async function savePipeline(ctx: ModuleContext, pipelineKey: string, body: unknown, actorId: string | null): Promise<Pipeline> {
  parseInput(z.object({ key }), { key: pipelineKey });
  const input = parseInput(pipelineInput, body);
  checkStages(ctx, input);
  await ctx.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7426009)`.execute(trx);
    const before = await pipelineSnapshot(trx, pipelineKey);
    const dropped = await trx
      .selectFrom('pipeline_stages')
      .select('key')
      .where('pipeline_key', '=', pipelineKey)
      .where('key', 'not in', input.stages.map((s) => s.key))
      .execute();
    if (dropped.length) {
      const { rows } = await sql<{ stage: string; n: string }>`
        SELECT stage, count(*) AS n FROM deals WHERE pipeline = ${pipelineKey} AND stage = ANY(${dropped.map((d) => d.key)}::text[]) AND deleted_at IS NULL GROUP BY stage`.execute(trx);
      if (rows.length) {
        throw new ApiError('conflict', `move the deals out of stage(s) ${rows.map((r) => `${r.stage} (${r.n})`).join(', ')} before removing them`, rows.map((r) => ({ path: 'stages', message: `${r.n} deal(s) in ${r.stage}` })));
      }
    }
    if (input.isDefault) await trx.updateTable('pipelines').set({ is_default: false }).where('key', '!=', pipelineKey).execute();
    const row = { name_zh: input.name.zh, name_en: input.name.en, position: input.position, is_default: input.isDefault, archived: input.archived, updated_at: new Date() };
    await trx.insertInto('pipelines').values({ key: pipelineKey, ...row }).onConflict((oc) => oc.column('key').doUpdateSet(row)).execute();
    await trx.deleteFrom('pipeline_stages').where('pipeline_key', '=', pipelineKey).execute();
    await trx
      .insertInto('pipeline_stages')
      .values(input.stages.map((s, position) => ({ pipeline_key: pipelineKey, key: s.key, name_zh: s.name.zh, name_en: s.name.en, position, probability: s.probability, color: s.color ?? null, required_fields: s.requiredFields })))
      .execute();
    const defaults = await trx.selectFrom('pipelines').select('key').where('is_default', '=', true).where('archived', '=', false).execute();
    if (!defaults.length) throw badRequest('one pipeline that is not archived must be the default', [{ path: 'isDefault', message: 'no default pipeline left' }]);
    await auditConfigChange(trx, 'pipelines', actorId, { name: input.name }, before, await pipelineSnapshot(trx, pipelineKey));
  });
  const pipelines = await loadPipelines(ctx.db);
  await syncDealSelectOptions(ctx.engine, pipelines);
  return pipelines.find((p) => p.key === pipelineKey)!;
}

/** Deletes a pipeline no deal uses (deleted deals included: they may be restored). */
export async function deletePipeline(ctx: ModuleContext, pipelineKey: string, actorId: string | null) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('pipelines').select(['key', 'is_default']).where('key', '=', pipelineKey).forUpdate().executeTakeFirst();
    if (!row) throw notFound(`pipeline ${pipelineKey}`);
    if (row.is_default) throw new ApiError('conflict', 'the default pipeline cannot be deleted; make another one the default first', [{ path: 'isDefault', message: 'default pipeline' }]);
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM deals WHERE pipeline = ${pipelineKey}`.execute(trx);
    if (Number(rows[0].n)) throw new ApiError('conflict', `${rows[0].n} deal(s) use this pipeline; archive it instead`, [{ path: 'key', message: 'pipeline in use' }]);
    const before = await pipelineSnapshot(trx, pipelineKey);
    await trx.deleteFrom('pipelines').where('key', '=', pipelineKey).execute();
    await auditConfigChange(trx, 'pipelines', actorId, { name: before!.name }, before, null);
  });
}
