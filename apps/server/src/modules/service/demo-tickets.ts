import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { SYSTEM_CONTEXT } from '../../engine/permissions/access.js';
import { ensureTicketAssignRule } from './assign/assign-rule.js';
import { storeTicketMessage } from './messages/store-message.js';
import { loadServiceHistory } from './demo-history.js';

const TICKETS: Array<{ subject: string; status: string; priority: string; category: string; ask: string; answer?: string }> = [
  { subject: '系统登录后页面空白', status: 'new', priority: 'urgent', category: 'fault', ask: '今天早上开始所有同事登录后都是空白页，请尽快处理。' },
  { subject: '申请开具增值税专用发票', status: 'new', priority: 'normal', category: 'billing', ask: '请帮忙开具上月服务费的专票，抬头信息见附件。' },
  { subject: '报表导出缺少回款列', status: 'open', priority: 'high', category: 'fault', ask: '导出的回款报表没有“已回款金额”列。', answer: '您好，已复现该问题，技术同事正在修复，预计今天下班前给您答复。' },
  { subject: '如何批量导入联系人', status: 'pending_customer', priority: 'low', category: 'question', ask: '我们有 3000 个联系人在 Excel 里，怎么导入？', answer: '您好，请在“联系人 → 导入”中上传文件。方便的话把文件的表头发给我们，我们帮您核对映射。' },
  { subject: '售后工程师上门时间确认', status: 'solved', priority: 'normal', category: 'question', ask: '下周二上午可以安排工程师上门吗？', answer: '已为您安排下周二上午 10 点上门，工程师会提前电话联系。' },
  { subject: '对续费报价有异议', status: 'closed', priority: 'high', category: 'complaint', ask: '今年的续费报价比去年高了 20%，希望给个说明。', answer: '您好，已由客户经理与您沟通并调整报价，感谢您的反馈。' },
];

/** What the demo's agents handle, in member order (assignment by category). */
const MEMBER_CATEGORIES = [['fault'], ['billing', 'question'], ['complaint', 'feature']];

/**
 * A working help desk for the demo: a support group with members and their categories, an SLA
 * policy, canned replies, tickets in every state with their conversation, and the round-robin rule on.
 */
export async function loadServiceDemo(db: Kysely<Database>, engine: Engine, leadUserId: string | null, memberIds: string[] = []): Promise<number> {
  const records = engine.records;
  await db.insertInto('sla_policies').values([
    { name: '紧急/高优先级', priorities: ['urgent', 'high'], first_response_minutes: 60, resolution_minutes: 480, position: 0 },
    { name: '标准服务', priorities: [], first_response_minutes: 240, resolution_minutes: 1440, position: 1 },
  ]).execute();
  await db.insertInto('canned_replies').values([
    { title: '问候', body: '{{contact.name}}您好，您的工单 {{ticket.number}} 我们已收到，会尽快处理。' },
    { title: '结案', body: '{{contact.name}}您好，工单 {{ticket.number}} 的问题已解决。如仍有疑问，直接回复本邮件即可。' },
  ]).execute();
  const group = await records.create('support_groups', { name: '售后服务组', lead_user_id: leadUserId, assignment: 'round_robin' }, SYSTEM_CONTEXT);
  if (memberIds.length) {
    await db.insertInto('support_group_members').values(memberIds.map((user_id, i) => ({ group_id: group.id as string, user_id, categories: MEMBER_CATEGORIES[i % MEMBER_CATEGORIES.length] }))).execute();
  }
  const { rows: contacts } = await sql<{ id: string; customer_id: string | null; name: string; email: string | null }>`
    SELECT id, customer_id, name, email FROM contacts WHERE deleted_at IS NULL AND customer_id IS NOT NULL ORDER BY created_at LIMIT ${TICKETS.length}`.execute(db);
  for (const [i, t] of TICKETS.entries()) {
    const contact = contacts[i % Math.max(contacts.length, 1)];
    const ticket = await records.create(
      'tickets',
      { subject: t.subject, description: t.ask, priority: t.priority, category: t.category, channel: i % 2 ? 'email' : 'phone', support_group_id: group.id, contact_id: contact?.id ?? null, customer_id: contact?.customer_id ?? null, owner_id: null },
      SYSTEM_CONTEXT,
    );
    await db.transaction().execute(async (trx) => {
      await storeTicketMessage(trx, { ticketId: ticket.id as string, kind: 'reply', direction: 'in', authorContactId: contact?.id ?? null, authorName: contact?.name ?? null, authorEmail: contact?.email ?? null, bodyText: t.ask, actorId: null });
      if (t.answer) await storeTicketMessage(trx, { ticketId: ticket.id as string, kind: 'reply', direction: 'out', authorName: '售后服务组', bodyText: t.answer, actorId: null });
      if (t.status === 'open') await storeTicketMessage(trx, { ticketId: ticket.id as string, kind: 'note', direction: 'out', authorName: '售后服务组', bodyText: '已转研发排查，预计 2 小时内修复。', actorId: null });
    });
    if (t.status !== 'new') await records.update('tickets', ticket.id as string, { status: t.status }, SYSTEM_CONTEXT);
  }
  const history = await loadServiceHistory(db, engine, group.id as string, memberIds, contacts);
  await ensureTicketAssignRule(db, true);
  return TICKETS.length + history;
}
