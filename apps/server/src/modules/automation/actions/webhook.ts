import { z } from 'zod';
import type { AutomationRegistry } from '../registry.js';
import { DEFAULT_TIMEOUT_MS, hmacSha256, postJson } from './post-json.js';

const schema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    /** Signs the body: X-CRM-Signature: sha256=<hex HMAC-SHA256 of the raw body>. */
    secret: z.string().max(200).optional(),
    timeoutMs: z.number().int().min(500).max(60_000).default(DEFAULT_TIMEOUT_MS),
  })
  .strict();
type Config = z.infer<typeof schema>;

/**
 * Call a webhook: POST JSON {rule, event, object, record} with the idempotency key in
 * X-CRM-Idempotency-Key (a retried delivery carries the same key) and an optional signature.
 */
export function registerWebhook(registry: AutomationRegistry) {
  registry.registerAction<Config>('webhook', {
    schema,
    external: true,
    describe: (ctx) => `POST the record as JSON to ${ctx.config.url}${ctx.config.secret ? ' (signed)' : ''}`,
    async run(ctx) {
      const body = JSON.stringify({
        idempotencyKey: ctx.idempotencyKey,
        rule: { id: ctx.rule.id, name: ctx.rule.name },
        event: { topic: ctx.event.topic, at: ctx.event.at, changes: ctx.event.changes ?? null, data: ctx.event.data ?? null },
        object: ctx.object,
        record: ctx.record,
      });
      const headers: Record<string, string> = { 'x-crm-idempotency-key': ctx.idempotencyKey };
      if (ctx.config.secret) headers['x-crm-signature'] = `sha256=${hmacSha256(ctx.config.secret, body, 'hex')}`;
      const { status } = await postJson(ctx.config.url, body, headers, ctx.config.timeoutMs);
      return { status };
    },
  });
}
