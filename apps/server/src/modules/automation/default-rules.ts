import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { MetadataRegistry } from '../../engine/metadata/registry.js';
import type { RuleInput } from './rule-schema.js';
import { ensureScanIndexes } from './triggers/scan-due.js';

/** Rules every install starts with (created once, by key; an admin may edit, disable or delete them). */
export const DEFAULT_RULES: (RuleInput & { key: string })[] = [
  {
    key: 'lead_territory_assignment',
    name: '新线索按区域分配',
    description: '新线索按区域表（地区/行业/来源 → 团队）找到团队，再在团队内轮流分配负责人。先在“区域”中配置区域表。',
    object: 'leads',
    trigger: { kind: 'record_created' },
    conditions: null,
    actions: [{ type: 'assign_owner', mode: 'territory' }],
    enabled: false,
  },
  {
    key: 'task_due_reminder',
    name: '任务到期前提醒',
    description: '任务截止前 1 小时提醒负责人（未完成、未取消的任务）。',
    object: 'tasks',
    trigger: { kind: 'time_relative', field: 'due_at', amount: 1, unit: 'hours', direction: 'before' },
    conditions: { field: 'status', op: 'nin', value: ['done', 'cancelled'] },
    actions: [{ type: 'notify', recipients: 'owner', kind: 'task_reminder', title: '任务即将到期：{{title}}', body: '截止时间 {{due_at}}' }],
    enabled: true,
  },
  {
    key: 'task_remind_at',
    name: '任务提醒时间到达提醒',
    description: '到达任务的“提醒时间”时提醒负责人（未完成、未取消的任务）。每个提醒时间只提醒一次；把提醒时间改晚会在新时间再提醒。',
    object: 'tasks',
    trigger: { kind: 'time_relative', field: 'remind_at', amount: 0, unit: 'minutes', direction: 'after' },
    conditions: { field: 'status', op: 'nin', value: ['done', 'cancelled'] },
    actions: [{ type: 'notify', recipients: 'owner', kind: 'task_reminder', title: '任务提醒：{{title}}', body: '截止时间 {{due_at}}' }],
    enabled: true,
  },
  {
    key: 'deal_no_follow_up',
    name: '商机 14 天未跟进提醒经理',
    description: '进行中的商机 14 天没有跟进时，提醒负责人所在团队的负责人（团队经理）。',
    object: 'deals',
    trigger: { kind: 'no_activity', days: 14 },
    conditions: { field: 'stage', op: 'nin', value: ['won', 'lost'] },
    actions: [{ type: 'notify', recipients: 'owner_manager', kind: 'no_follow_up', title: '商机 14 天未跟进：{{name}}', body: '客户 {{customer_id.name}}，阶段 {{stage}}' }],
    enabled: false,
  },
  {
    key: 'customer_pool_recycle',
    name: '客户 30 天未跟进退回公海',
    description: '有负责人的客户 30 天没有跟进时自动退回公海（清空负责人），任何销售都可领取。天数在触发条件中修改；领取时重新计时。',
    object: 'customers',
    trigger: { kind: 'no_activity', days: 30 },
    conditions: { field: 'owner_id', op: 'not_empty' },
    actions: [{ type: 'move_to_pool' }],
    enabled: true,
  },
  {
    key: 'customer_pool_recycle_warning',
    name: '客户退回公海前 3 天提醒',
    description: '客户 27 天没有跟进时提醒负责人：再过 3 天将退回公海。改动“退回公海”的天数时请一并修改。',
    object: 'customers',
    trigger: { kind: 'no_activity', days: 27 },
    conditions: { field: 'owner_id', op: 'not_empty' },
    actions: [{ type: 'notify', recipients: 'owner', kind: 'no_follow_up', title: '客户即将退回公海：{{name}}', body: '已 27 天未跟进，3 天后将自动退回公海，请及时跟进。' }],
    enabled: true,
  },
  {
    key: 'payment_plan_overdue',
    name: '回款逾期提醒',
    description: '回款计划的到期日已过、仍未回清时，提醒负责人（即订单负责人），每期只提醒一次。',
    object: 'payment_plans',
    trigger: { kind: 'time_relative', field: 'due_on', amount: 1, unit: 'days', direction: 'after' },
    conditions: { field: 'status', op: 'nin', value: ['paid'] },
    actions: [{ type: 'notify', recipients: 'owner', kind: 'general', title: '回款逾期：{{order_id.name}} {{name}}', body: '计划回款日 {{due_on}}，请跟进客户回款。' }],
    enabled: true,
  },
];

/** Regions of 华北: seeded into the territory table for a team of that name, if one exists and the table is empty. */
const NORTH_CHINA = ['北京市', '天津市', '河北省'];
const NORTH_TEAM_NAMES = ['华北团队', '华北销售部'];

export async function ensureDefaultRules(db: Kysely<Database>, metadata: MetadataRegistry) {
  for (const { key, ...rule } of DEFAULT_RULES) {
    if (!rule.object || !metadata.has(rule.object)) continue;
    await db
      .insertInto('automation_rules')
      .values({
        builtin_key: key,
        name: rule.name,
        description: rule.description,
        object: rule.object,
        trigger: JSON.stringify(rule.trigger),
        conditions: rule.conditions ? JSON.stringify(rule.conditions) : null,
        actions: JSON.stringify(rule.actions),
        enabled: rule.enabled,
        scanned_until: null,
      })
      .onConflict((oc) => oc.column('builtin_key').doNothing())
      .execute();
    await ensureScanIndexes(db, metadata.get(rule.object), rule);
  }
  await sql`
    INSERT INTO automation_territories (field, value, team_id, position)
    SELECT 'region', v.value, team.id, v.pos
    FROM (SELECT id FROM teams WHERE name = ANY(${sql.val(NORTH_TEAM_NAMES)}::text[]) ORDER BY name LIMIT 1) team,
         unnest(${sql.val(NORTH_CHINA)}::text[]) WITH ORDINALITY AS v(value, pos)
    WHERE NOT EXISTS (SELECT 1 FROM automation_territories)`.execute(db);
}
