import { z } from 'zod';
import { notificationKinds, notify } from '../../notifications/index.js';
import { formatDateTime } from '../format-value.js';
import type { AutomationRegistry } from '../registry.js';
import { resolvePath } from '../record-paths.js';
import { renderTemplate, templatePaths } from '../templates.js';
import { recipientsSchema, recordLink, recordVars, resolveRecipients } from './recipients.js';

const schema = z
  .object({
    recipients: recipientsSchema,
    /** The notification kind decides the channels each recipient gets (in-app / e-mail / robot). */
    kind: z.string().min(1).max(40).default('general'),
    title: z.string().trim().min(1).max(200),
    body: z.string().max(2000).optional(),
  })
  .strict();
type Config = z.infer<typeof schema>;

/**
 * Notify users through their channels. Written in the run's transaction with the idempotency key
 * as dedupe key, so a repeated run notifies nobody twice.
 */
export function registerNotifyUsers(registry: AutomationRegistry) {
  registry.registerAction<Config>('notify', {
    schema,
    check(config, { metadata, meta }) {
      const kinds = notificationKinds();
      const problems = kinds.includes(config.kind) ? [] : [{ path: 'kind', message: `unknown notification kind '${config.kind}'` }];
      if (config.recipients !== 'owner' && config.recipients !== 'owner_manager') return problems;
      if (!meta?.fields.some((f) => f.name === 'owner_id')) problems.push({ path: 'recipients', message: 'the record has no owner' });
      const paths = meta ? [config.title, config.body ?? ''].flatMap(templatePaths).filter((p) => !resolvePath(metadata, meta, p)) : [];
      return [...problems, ...paths.map((p) => ({ path: 'title', message: `unknown field '${p}' in the template` }))];
    },
    async describe(ctx) {
      const to = await resolveRecipients(ctx);
      const title = ctx.reader ? await renderTemplate(ctx.config.title, ctx.reader, { locale: 'zh-CN', timeZone: ctx.timeZone }) : ctx.config.title;
      return `notify ${to.length ? to.join(', ') : 'nobody'}: "${title}"`;
    },
    async run(ctx) {
      const userIds = await resolveRecipients(ctx);
      if (!userIds.length) return { skipped: 'no recipient' };
      // Each recipient reads values (labels, times) in their own language: one render per language.
      const users = await ctx.trx.selectFrom('users').select(['id', 'locale']).where('id', 'in', userIds).execute();
      const byLocale = new Map<string, string[]>();
      for (const u of users) byLocale.set(u.locale, [...(byLocale.get(u.locale) ?? []), u.id]);
      const notified: string[] = [];
      let deliveries = 0;
      for (const [locale, ids] of byLocale) {
        const shown = { locale, timeZone: ctx.timeZone };
        const render = (text: string) => (ctx.reader ? renderTemplate(text, ctx.reader, shown) : Promise.resolve(text));
        const due = ctx.record?.due_at ? formatDateTime(String(ctx.record.due_at), shown) : undefined;
        const result = await notify(
          {
            userIds: ids,
            kind: ctx.config.kind,
            title: await render(ctx.config.title),
            body: ctx.config.body ? await render(ctx.config.body) : undefined,
            link: recordLink(ctx),
            object: ctx.object ?? undefined,
            recordId: (ctx.record?.id as string | undefined) ?? undefined,
            dedupeKey: ctx.idempotencyKey,
            vars: { record: recordVars(ctx).record, ...(due ? { due } : {}) },
          },
          ctx.trx,
        );
        notified.push(...result.created.map((c) => c.userId));
        deliveries += result.deliveries;
      }
      return { notified, deliveries };
    },
  });
}
