import { z } from 'zod';
import type { ActionContext, AutomationRegistry } from '../registry.js';
import { renderTemplate } from '../templates.js';
import { DEFAULT_TIMEOUT_MS, hmacSha256, postJson } from './post-json.js';

const mobiles = z.array(z.string().regex(/^\+?\d{5,20}$/, 'a mobile number')).max(50).default([]);

const wecomSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    msgtype: z.enum(['text', 'markdown']).default('text'),
    content: z.string().min(1).max(4000),
    mentionedMobiles: mobiles,
  })
  .strict();
type WecomConfig = z.infer<typeof wecomSchema>;

const dingtalkSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    /** The robot's 加签 secret: adds timestamp and sign query parameters. */
    secret: z.string().max(200).optional(),
    msgtype: z.enum(['text', 'markdown']).default('text'),
    title: z.string().max(100).default('CRM'),
    content: z.string().min(1).max(4000),
    atMobiles: mobiles,
    isAtAll: z.boolean().default(false),
  })
  .strict();
type DingtalkConfig = z.infer<typeof dingtalkSchema>;

const render = (ctx: ActionContext<{ content: string }>) => (ctx.reader ? renderTemplate(ctx.config.content, ctx.reader, { locale: 'zh-CN', timeZone: ctx.timeZone }) : Promise.resolve(ctx.config.content));

/** WeCom (企业微信) group robot message body, as documented for the robot webhook. */
export function wecomBody(config: WecomConfig, content: string) {
  return config.msgtype === 'markdown'
    ? { msgtype: 'markdown', markdown: { content } }
    : { msgtype: 'text', text: { content, ...(config.mentionedMobiles.length ? { mentioned_mobile_list: config.mentionedMobiles } : {}) } };
}

/** DingTalk (钉钉) custom robot message body. */
export function dingtalkBody(config: DingtalkConfig, content: string) {
  const at = { atMobiles: config.atMobiles, isAtAll: config.isAtAll };
  return config.msgtype === 'markdown' ? { msgtype: 'markdown', markdown: { title: config.title, text: content }, at } : { msgtype: 'text', text: { content }, at };
}

/** DingTalk signing: sign = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), both added to the URL. */
export function dingtalkSignedUrl(url: string, secret: string, timestamp: number): string {
  const sign = hmacSha256(secret, `${timestamp}\n${secret}`, 'base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestamp));
  u.searchParams.set('sign', sign);
  return u.toString();
}

/** Both robots answer 200 with {errcode, errmsg}; errcode 0 is success. */
function checkReply(text: string) {
  let reply: { errcode?: number; errmsg?: string } = {};
  try {
    reply = JSON.parse(text);
  } catch {
    throw new Error(`unexpected robot reply: ${text.slice(0, 200)}`);
  }
  if (reply.errcode !== 0) throw new Error(`robot refused the message: ${reply.errcode} ${reply.errmsg ?? ''}`);
}

/** WeCom and DingTalk group robots: the message text is a template over the record. */
export function registerGroupRobots(registry: AutomationRegistry) {
  registry.registerAction<WecomConfig>('wecom_robot', {
    schema: wecomSchema,
    external: true,
    describe: async (ctx) => `send to the WeCom group robot: ${await render(ctx)}`,
    async run(ctx) {
      const { text } = await postJson(ctx.config.url, JSON.stringify(wecomBody(ctx.config, await render(ctx))), {}, DEFAULT_TIMEOUT_MS);
      checkReply(text);
      return { sent: true };
    },
  });
  registry.registerAction<DingtalkConfig>('dingtalk_robot', {
    schema: dingtalkSchema,
    external: true,
    describe: async (ctx) => `send to the DingTalk group robot: ${await render(ctx)}`,
    async run(ctx) {
      const url = ctx.config.secret ? dingtalkSignedUrl(ctx.config.url, ctx.config.secret, Date.now()) : ctx.config.url;
      const { text } = await postJson(url, JSON.stringify(dingtalkBody(ctx.config, await render(ctx))), {}, DEFAULT_TIMEOUT_MS);
      checkReply(text);
      return { sent: true };
    },
  });
}
