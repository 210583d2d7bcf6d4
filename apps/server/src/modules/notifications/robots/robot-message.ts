import { createHmac } from 'node:crypto';
import { outboundRequest } from '../../../outbound/http-request.js';

export type RobotProvider = 'wecom' | 'dingtalk';

export interface RobotTarget {
  provider: RobotProvider;
  url: string;
  /** DingTalk "加签" secret; WeCom robots have none. */
  secret?: string | null;
}

/** Hosts of the official robot webhooks; only administrators may point a robot elsewhere (e.g. a proxy). */
export const OFFICIAL_ROBOT_HOSTS: Record<RobotProvider, string> = { wecom: 'qyapi.weixin.qq.com', dingtalk: 'oapi.dingtalk.com' };

/** The markdown text both robots show: a heading, the body and a link. */
export function robotMarkdown(title: string, body: string | null | undefined, link: string, locale: string): string {
  const parts = [`### ${title}`];
  if (body) parts.push(body);
  if (link) parts.push(`[${locale === 'en' ? 'Open' : '查看详情'}](${link})`);
  return parts.join('\n\n');
}

/**
 * The documented markdown message bodies:
 * WeCom  {"msgtype":"markdown","markdown":{"content":…}}
 * DingTalk {"msgtype":"markdown","markdown":{"title":…,"text":…}}
 */
export function robotBody(provider: RobotProvider, title: string, text: string) {
  return provider === 'wecom' ? { msgtype: 'markdown', markdown: { content: text } } : { msgtype: 'markdown', markdown: { title, text } };
}

/** DingTalk signing: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), URL-encoded, appended with the timestamp. */
export function signDingTalkUrl(url: string, secret: string, timestamp = Date.now()): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestamp));
  u.searchParams.set('sign', sign);
  return u.toString();
}

/** Posts the message; both services answer HTTP 200 with errcode 0 on success, anything else throws. */
export async function postRobotMessage(target: RobotTarget, title: string, text: string): Promise<void> {
  const url = target.provider === 'dingtalk' && target.secret ? signDingTalkUrl(target.url, target.secret) : target.url;
  const res = await outboundRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(robotBody(target.provider, title, text)),
    timeoutMs: 10_000,
  });
  const answer = res.body.toString('utf8');
  if (res.status < 200 || res.status >= 300) throw new Error(`robot webhook answered HTTP ${res.status}: ${answer.slice(0, 200)}`);
  let parsed: { errcode?: number; errmsg?: string } = {};
  try {
    parsed = JSON.parse(answer);
  } catch {
    // Not JSON: a proxy that answers 2xx with anything is taken at its word.
  }
  if (parsed.errcode !== undefined && parsed.errcode !== 0) throw new Error(`robot webhook refused the message: ${parsed.errcode} ${parsed.errmsg ?? ''}`.trim());
}
