import { z } from 'zod';
import { SYSTEM_CONTEXT } from '../../../engine/index.js';
import type { ActionContext, AutomationRegistry } from '../registry.js';
import { relativeMs, relativeTimeSchema } from '../rule-schema.js';
import { renderTemplate, templatePaths } from '../templates.js';
import { resolvePath } from '../record-paths.js';

const schema = z
  .object({
    /** tasks: a to-do due at the time; activities: a follow-up entry at the time. */
    target: z.enum(['tasks', 'activities']).default('tasks'),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    assignee: z.discriminatedUnion('kind', [z.object({ kind: z.literal('owner') }).strict(), z.object({ kind: z.literal('user'), userId: z.uuid() }).strict()]),
    due: relativeTimeSchema,
  })
  .strict();
type Config = z.infer<typeof schema>;

/** The task's (or follow-up's) values: title from its template, owner, time, and the link back to the record. */
async function taskValues(ctx: ActionContext<Config>) {
  const { config, record, object } = ctx;
  const meta = ctx.engine.metadata.get(config.target);
  const link = meta.fields.find((f) => f.type === 'relation' && f.relation?.object === object && !f.archived);
  const owner = config.assignee.kind === 'owner' ? (record?.owner_id as string | null) : config.assignee.userId;
  const at = new Date(ctx.now.getTime() + relativeMs(config.due)).toISOString();
  const shown = { locale: 'zh-CN', timeZone: ctx.timeZone };
  const title = await renderTemplate(config.title, ctx.reader!, shown);
  const description = config.description ? await renderTemplate(config.description, ctx.reader!, shown) : undefined;
  const values: Record<string, unknown> = { owner_id: owner ?? null };
  if (link && record) values[link.name] = record.id;
  if (config.target === 'tasks') Object.assign(values, { title, due_at: at, ...(description ? { description } : {}) });
  else Object.assign(values, { type: 'note', subject: title, occurred_at: at, ...(description ? { content: description } : {}) });
  return values;
}

/** Create a task or follow-up for the record's owner or a given user, due a relative time from now. */
export function registerCreateTask(registry: AutomationRegistry) {
  registry.registerAction<Config>('create_task', {
    schema,
    needsRecord: true,
    check(config, { metadata, meta }) {
      return [config.title, config.description ?? '']
        .flatMap(templatePaths)
        .filter((p) => !resolvePath(metadata, meta!, p))
        .map((p) => ({ path: 'title', message: `unknown field '${p}' in the template` }));
    },
    async describe(ctx) {
      const v = await taskValues(ctx);
      const owner = v.owner_id ? await ctx.trx.selectFrom('users').select('name').where('id', '=', v.owner_id as string).executeTakeFirst() : undefined;
      return `create ${ctx.config.target === 'tasks' ? 'task' : 'follow-up'} "${v.title ?? v.subject}" for ${owner?.name ?? 'nobody'} at ${v.due_at ?? v.occurred_at}`;
    },
    async run(ctx) {
      const created = await ctx.engine.records.create(ctx.config.target, await taskValues(ctx), SYSTEM_CONTEXT, { trx: ctx.trx, cause: ctx.cause });
      return { created: { object: ctx.config.target, id: created.id } };
    },
    async runBatch(ctxs) {
      const [{ engine, trx, config, cause }] = ctxs;
      const meta = engine.metadata.get(config.target);
      const rows: Record<string, unknown>[] = [];
      for (const ctx of ctxs) rows.push(engine.records.parseValues(meta, await taskValues(ctx), 'create', SYSTEM_CONTEXT));
      await engine.records.checkReferences(trx, meta, rows, SYSTEM_CONTEXT);
      const created = await engine.records.bulk.insert(trx, meta, rows, SYSTEM_CONTEXT, { cause });
      return created.map((r) => ({ created: { object: config.target, id: r.id } }));
    },
  });
}
