import type { ObjectDefinitionInput } from '@crm/schema';
import { field, options, relation } from '../define.js';

export const TICKET_STATUSES = options(
  ['new', '新建', 'New', 'blue'],
  ['open', '处理中', 'Open', 'cyan'],
  ['pending_customer', '待客户回复', 'Pending customer', 'orange'],
  ['solved', '已解决', 'Solved', 'green'],
  ['closed', '已关闭', 'Closed', 'default'],
);
export const TICKET_PRIORITIES = options(['low', '低', 'Low', 'default'], ['normal', '普通', 'Normal', 'blue'], ['high', '高', 'High', 'orange'], ['urgent', '紧急', 'Urgent', 'red']);
export const TICKET_CHANNELS = options(
  ['email', '邮件', 'E-mail'],
  ['web_form', '网页表单', 'Web form'],
  ['portal', '自助门户', 'Portal'],
  ['chat', '在线客服', 'Chat'],
  ['phone', '电话', 'Phone'],
  ['api', 'API', 'API'],
);
const CATEGORIES = options(
  ['question', '咨询', 'Question'],
  ['fault', '故障', 'Fault'],
  ['complaint', '投诉', 'Complaint'],
  ['billing', '账务', 'Billing'],
  ['feature', '需求建议', 'Feature request'],
  ['other', '其他', 'Other'],
);
const SLA_STATES = options(['ok', '正常', 'On track', 'green'], ['warning', '即将超时', 'At risk', 'orange'], ['breached', '已超时', 'Breached', 'red'], ['paused', '已暂停', 'Paused', 'default']);

/** The owner is the assignee (处理人); status, SLA times and the number are kept by the module's rules. */
export const tickets: ObjectDefinitionInput = {
  name: 'tickets',
  label: { zh: '工单', en: 'Ticket' },
  pluralLabel: { zh: '工单', en: 'Tickets' },
  titleField: 'subject',
  subtitleFields: ['number', 'status', 'priority'],
  searchable: true,
  icon: 'customer-service',
  timeline: { timeField: 'created_at', titleField: 'subject' },
  fields: [
    field('number', '工单编号', 'Number', 'text', { system: true, searchable: true, indexed: true, unique: true }),
    field('subject', '主题', 'Subject', 'text', { required: true, searchable: true, maxLength: 300 }),
    field('description', '问题描述', 'Description', 'long_text'),
    relation('customer_id', '客户', 'Customer', 'customers', 'tickets', '工单', 'Tickets'),
    relation('contact_id', '联系人', 'Contact', 'contacts', 'tickets', '工单', 'Tickets'),
    field('channel', '渠道', 'Channel', 'select', { options: TICKET_CHANNELS, defaultValue: 'phone' }),
    field('category', '分类', 'Category', 'select', { options: CATEGORIES }),
    field('priority', '优先级', 'Priority', 'select', { options: TICKET_PRIORITIES, defaultValue: 'normal', required: true, indexed: true }),
    field('status', '状态', 'Status', 'select', { options: TICKET_STATUSES, defaultValue: 'new', required: true, indexed: true }),
    relation('support_group_id', '客服组', 'Support group', 'support_groups', 'tickets', '工单', 'Tickets', { indexed: true }),
    field('tags', '标签', 'Tags', 'tags'),
    relation('deal_id', '关联商机', 'Deal', 'deals', 'tickets', '工单', 'Tickets'),
    relation('order_id', '关联订单', 'Order', 'orders', 'tickets', '工单', 'Tickets'),
    field('first_response_due_at', '首次响应截止', 'First response due', 'datetime', { system: true, indexed: true }),
    field('resolution_due_at', '解决截止', 'Resolution due', 'datetime', { system: true, indexed: true }),
    field('first_responded_at', '首次响应时间', 'First responded at', 'datetime', { system: true }),
    field('solved_at', '解决时间', 'Solved at', 'datetime', { system: true }),
    field('sla_state', 'SLA 状态', 'SLA state', 'select', { options: SLA_STATES, system: true, indexed: true }),
    field('sla_note', 'SLA 说明', 'SLA explanation', 'long_text', { system: true }),
    // When the scan next has something to say (80 % of the running target), and the pause bookkeeping.
    field('sla_warn_at', 'SLA 预警时间', 'SLA warning at', 'datetime', { system: true, indexed: true }),
    field('sla_started_at', 'SLA 起算时间', 'SLA clock started', 'datetime', { system: true }),
    field('sla_paused_at', 'SLA 暂停于', 'SLA paused at', 'datetime', { system: true }),
    field('sla_paused_minutes', 'SLA 累计暂停(工作分钟)', 'SLA paused (business minutes)', 'integer', { system: true }),
    // Of that, what passed before the first answer: the dashboard's first-response time leaves it out.
    field('sla_response_paused_minutes', '首次响应前暂停(工作分钟)', 'Paused before first response (business minutes)', 'integer', { system: true }),
    field('satisfaction', '满意度', 'Satisfaction', 'integer', { min: 1, max: 5 }),
    relation('merged_into_id', '合并到', 'Merged into', 'tickets', 'merged_tickets', '被合并工单', 'Merged tickets', { system: true }),
  ],
};

/** A team of agents that tickets are routed to; members live in support_group_members. */
export const supportGroups: ObjectDefinitionInput = {
  name: 'support_groups',
  label: { zh: '客服组', en: 'Support group' },
  pluralLabel: { zh: '客服组', en: 'Support groups' },
  titleField: 'name',
  icon: 'team',
  defaultSort: 'name',
  fields: [
    field('name', '名称', 'Name', 'text', { required: true, unique: true, maxLength: 100 }),
    field('lead_user_id', '组长', 'Lead', 'user'),
    field('categories', '负责分类', 'Categories handled', 'multi_select', { options: CATEGORIES }),
    field('assignment', '分配方式', 'Assignment', 'select', {
      options: options(['manual', '手动', 'Manual'], ['round_robin', '轮流分配', 'Round robin'], ['least_open', '最少未结工单', 'Fewest open tickets']),
      defaultValue: 'manual',
    }),
    field('description', '说明', 'Description', 'long_text'),
  ],
};

export const SERVICE_OBJECTS = [supportGroups, tickets];
