import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../engine/permissions/access.js';
import { storeTicketMessage } from './messages/store-message.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const PAST: Array<{ subject: string; category: string; ask: string; answer: string }> = [
  { subject: '发票抬头需要修改', category: 'billing', ask: '上个月的发票抬头写错了，能重开吗？', answer: '已作废原发票并按新抬头重开，电子发票已发到您的邮箱。' },
  { subject: '导入联系人时提示格式错误', category: 'question', ask: 'Excel 导入联系人提示第 3 列格式错误。', answer: '第 3 列是手机号，请去掉空格和短横线后再导入。' },
  { subject: '打印报价单中文乱码', category: 'fault', ask: '导出的报价单 PDF 中文显示成方块。', answer: '已修复字体配置，请刷新后重新导出。' },
  { subject: '希望增加微信通知', category: 'feature', ask: '能否在工单有回复时推送到企业微信？', answer: '已记录您的需求，可先在通知设置里配置企业微信机器人。' },
  { subject: '账号被锁定无法登录', category: 'fault', ask: '同事连续输错密码后账号被锁了。', answer: '已为该账号解锁，并建议开启登录提醒。' },
  { subject: '续费合同盖章进度', category: 'billing', ask: '续费合同寄出一周了，盖章了吗？', answer: '合同已盖章寄回，快递单号已短信发送给您。' },
  { subject: '工程师态度需要改进', category: 'complaint', ask: '上门工程师迟到一个小时也没提前说。', answer: '非常抱歉，已与工程师沟通并调整排班，后续上门会提前电话确认。' },
  { subject: '如何设置销售目标', category: 'question', ask: '在哪里给每个销售设置月度目标？', answer: '在“设置 → 销售目标”中按人按月填写即可。' },
];

/**
 * Solved tickets over the past six weeks with first responses and solutions, answered in working
 * hours, so the service dashboard shows real medians, SLA attainment and CSAT rather than 0 / —.
 * Deterministic: times follow the index.
 */
export async function loadServiceHistory(db: Kysely<Database>, engine: Engine, groupId: string, agentIds: string[], contacts: { id: string; customer_id: string | null; name: string }[]) {
  const now = Date.now();
  const today = new Date(now);
  today.setUTCHours(1, 0, 0, 0); // 09:00 in Asia/Shanghai
  let made = 0;
  for (let i = 0; i < 36; i++) {
    const p = PAST[i % PAST.length];
    const contact = contacts[i % Math.max(contacts.length, 1)];
    // Weekdays back over 42 days, between 09:00 and 16:00 local.
    let created = today.getTime() - (1 + Math.floor((i * 41) / 36)) * DAY + ((i * 53) % 420) * MINUTE;
    const weekday = new Date(created + 8 * 3_600_000).getUTCDay();
    if (weekday === 0 || weekday === 6) created -= (weekday === 6 ? 1 : 2) * DAY;
    const frMinutes = 8 + ((i * 37) % 200);
    const solveMinutes = frMinutes + 60 + ((i * 211) % 2400);
    const ticket = await engine.records.create(
      'tickets',
      { subject: p.subject, description: p.ask, priority: i % 9 === 0 ? 'high' : 'normal', category: p.category, channel: ['email', 'phone', 'portal'][i % 3], support_group_id: groupId, contact_id: contact?.id ?? null, customer_id: contact?.customer_id ?? null, owner_id: agentIds.length ? agentIds[i % agentIds.length] : null },
      SYSTEM_CONTEXT,
    );
    const id = ticket.id as string;
    await db.transaction().execute(async (trx) => {
      await storeTicketMessage(trx, { ticketId: id, kind: 'reply', direction: 'in', authorContactId: contact?.id ?? null, authorName: contact?.name ?? null, bodyText: p.ask, actorId: null });
      await storeTicketMessage(trx, { ticketId: id, kind: 'reply', direction: 'out', authorName: '售后服务组', bodyText: p.answer, actorId: null });
    });
    const closed = i % 4 !== 3;
    const at = (m: number) => new Date(created + m * MINUTE);
    const satisfaction = i % 3 === 2 ? null : [5, 4, 5, 3, 5, 4, 2, 5][i % 8];
    await sql`UPDATE tickets SET created_at = ${at(0)}, updated_at = ${at(solveMinutes)}, first_responded_at = ${at(frMinutes)}, solved_at = ${at(solveMinutes)},
      first_response_due_at = ${at(i % 9 === 0 ? 60 : 240)}, resolution_due_at = ${at(i % 9 === 0 ? 480 : 2880)}, sla_state = NULL, sla_warn_at = NULL,
      status = ${closed ? 'closed' : 'solved'}, satisfaction = ${satisfaction} WHERE id = ${id}`.execute(db);
    // The conversation reads in the same time line.
    await sql`UPDATE ticket_messages SET created_at = CASE WHEN direction = 'in' THEN ${at(0)}::timestamptz ELSE ${at(frMinutes)}::timestamptz END WHERE ticket_id = ${id}`.execute(db);
    if (satisfaction) {
      await db.insertInto('ticket_ratings').values({ ticket_id: id, rating: satisfaction, comment: null, agent_user_id: agentIds.length ? agentIds[i % agentIds.length] : null, customer_id: contact?.customer_id ?? null, contact_id: contact?.id ?? null, created_at: at(solveMinutes + 120), updated_at: at(solveMinutes + 120) }).execute();
    }
    made++;
  }
  return made;
}
