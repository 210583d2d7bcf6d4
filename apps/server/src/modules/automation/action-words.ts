/** Action types and run states in words, for texts the server writes (timeline entries); the web app has its own copy in its locales. */
const ACTIONS: Record<string, [zh: string, en: string]> = {
  assign_owner: ['分配负责人', 'Assign owner'],
  update_fields: ['更新字段', 'Update fields'],
  create_task: ['创建任务/跟进', 'Create task'],
  move_to_pool: ['移入公海', 'Move to pool'],
  webhook: ['调用 Webhook', 'Call webhook'],
  wecom_robot: ['企业微信群机器人', 'WeCom robot'],
  dingtalk_robot: ['钉钉群机器人', 'DingTalk robot'],
  notify: ['站内通知', 'Notify'],
  send_email: ['发送邮件', 'Send e-mail'],
  weekly_report: ['生成销售周报', 'Weekly report'],
};

const STATES: Record<string, [zh: string, en: string]> = {
  done: ['成功', 'done'],
  failed: ['失败', 'failed'],
  pending: ['等待执行', 'pending'],
  running: ['执行中', 'running'],
  skipped: ['已跳过', 'skipped'],
};

const pick = (words: [string, string] | undefined, locale: string, fallback: string) => (words ? words[locale === 'en' ? 1 : 0] : fallback);

/** 分配负责人：成功 / Assign owner: done; unknown types (from other modules) keep their key. */
export function actionInWords(type: string, status: string, locale: string): string {
  return `${pick(ACTIONS[type], locale, type)}${locale === 'en' ? ': ' : '：'}${pick(STATES[status], locale, status)}`;
}
