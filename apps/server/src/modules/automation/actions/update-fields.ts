import type { ErrorDetail } from '@crm/schema';
import { z } from 'zod';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import type { ActionContext, AutomationRegistry } from '../registry.js';
import { resolvePath } from '../record-paths.js';
import { renderTemplate, templatePaths } from '../templates.js';

const update = z.discriminatedUnion('op', [
  z.object({ op: z.literal('set'), field: z.string().min(1), value: z.unknown() }).strict(),
  z.object({ op: z.literal('clear'), field: z.string().min(1) }).strict(),
  z.object({ op: z.literal('add_tag'), field: z.string().min(1), value: z.string().trim().min(1).max(50) }).strict(),
  z.object({ op: z.literal('template'), field: z.string().min(1), template: z.string().min(1).max(2000) }).strict(),
]);
const schema = z.object({ updates: z.array(update).min(1).max(30) }).strict();
type Config = z.infer<typeof schema>;

/** The values the updates write, computed from the record as it is now. */
async function values(ctx: ActionContext<Config>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const u of ctx.config.updates) {
    if (u.op === 'set') out[u.field] = u.value;
    else if (u.op === 'clear') out[u.field] = null;
    else if (u.op === 'add_tag') {
      const current = (out[u.field] ?? ctx.record?.[u.field] ?? []) as string[];
      out[u.field] = current.includes(u.value) ? current : [...current, u.value];
    } else out[u.field] = await renderTemplate(u.template, ctx.reader!);
  }
  return out;
}

/** Update fields: set a value, clear it, add a tag, or fill it from a template such as `{{customer.name}} 续约`. */
export function registerUpdateFields(registry: AutomationRegistry) {
  registry.registerAction<Config>('update_fields', {
    schema,
    needsRecord: true,
    check(config, { metadata, meta }) {
      const problems: ErrorDetail[] = [];
      for (const [i, u] of config.updates.entries()) {
        const field = meta!.fields.find((f) => f.name === u.field && !f.archived);
        if (!field || (field.system && field.name !== 'owner_id')) {
          problems.push({ path: `updates.${i}.field`, message: `unknown or read-only field '${u.field}' on ${meta!.name}` });
          continue;
        }
        if (u.op === 'add_tag' && field.type !== 'tags') problems.push({ path: `updates.${i}.field`, message: `'${u.field}' is not a tags field` });
        if (u.op === 'template') {
          for (const path of templatePaths(u.template)) {
            if (!resolvePath(metadata, meta!, path)) problems.push({ path: `updates.${i}.template`, message: `unknown field '${path}' in the template` });
          }
        }
      }
      return problems;
    },
    async describe(ctx) {
      const v = await values(ctx);
      return `set ${Object.entries(v).map(([k, x]) => `${k} = ${JSON.stringify(x)}`).join(', ')}`;
    },
    async run(ctx) {
      const v = await values(ctx);
      await ctx.engine.records.update(ctx.object!, ctx.record!.id as string, v, SYSTEM_CONTEXT, { trx: ctx.trx, cause: ctx.cause });
      return { set: v };
    },
    async runBatch(ctxs) {
      const [{ engine, trx, object, cause }] = ctxs;
      const meta = engine.metadata.get(object!);
      const all: Record<string, unknown>[] = [];
      for (const ctx of ctxs) all.push(await values(ctx));
      const rows = ctxs.map((ctx, i) => ({ id: ctx.record!.id as string, values: engine.records.parseValues(meta, all[i], 'update', SYSTEM_CONTEXT) }));
      await engine.records.checkReferences(trx, meta, rows.map((r) => r.values), SYSTEM_CONTEXT);
      await engine.records.bulk.update(trx, meta, rows, SYSTEM_CONTEXT, { cause });
      return all.map((v) => ({ set: v }));
    },
  });
}
