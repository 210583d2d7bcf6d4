import { z } from 'zod';
import { sendTemplateEmail, type SendTemplateEmailInput } from '../../notifications/index.js';
import type { ActionContext, AutomationRegistry } from '../registry.js';
import { recipientsSchema, recordVars, resolveRecipients } from './recipients.js';

const schema = z
  .object({
    /** The key of an e-mail template (Settings → 邮件). */
    template: z.string().min(1).max(60),
    to: z.union([recipientsSchema, z.object({ address: z.email() }).strict()]),
  })
  .strict();
type Config = z.infer<typeof schema>;

/** One `to` per message: users (in their own language) or the given address. */
async function addressees(ctx: ActionContext<Config>): Promise<SendTemplateEmailInput['to'][]> {
  const { to } = ctx.config;
  if (typeof to === 'object' && 'address' in to) return [{ address: to.address }];
  const userIds = await resolveRecipients({ ...ctx, config: { recipients: to } });
  return userIds.map((userId) => ({ userId }));
}

const named = (to: SendTemplateEmailInput['to']) => ('address' in to ? to.address : to.userId);

/** Send an e-mail from a template; queued in the run's transaction with the idempotency key, so sent once. */
export function registerSendEmail(registry: AutomationRegistry) {
  registry.registerAction<Config>('send_email', {
    schema,
    async check(config, { db }) {
      const template = await db.selectFrom('email_templates').select('key').where('key', '=', config.template).executeTakeFirst();
      return template ? [] : [{ path: 'template', message: `no e-mail template '${config.template}'` }];
    },
    async describe(ctx) {
      const to = await addressees(ctx);
      return `e-mail "${ctx.config.template}" to ${to.length ? to.map(named).join(', ') : 'nobody'}`;
    },
    async run(ctx) {
      const to = await addressees(ctx);
      if (!to.length) return { skipped: 'no recipient' };
      const vars = recordVars(ctx);
      for (const one of to) {
        await sendTemplateEmail({ template: ctx.config.template, to: one, vars, dedupeKey: `${ctx.idempotencyKey}:${named(one)}` }, ctx.trx);
      }
      return { sentTo: to.map(named) };
    },
  });
}
