import { sql, type Kysely } from 'kysely';
import { pinyin } from 'pinyin-pro';
import { buildAccessContext, forgetAccessContexts } from '../../accounts/access-context.js';
import { roleId } from '../../accounts/bootstrap.js';
import { hashPassword } from '../../accounts/passwords.js';
import type { Database } from '../../db/types.js';
import type { Engine } from '../../engine/index.js';
import { SYSTEM_CONTEXT, type AccessContext } from '../../engine/permissions/access.js';
import {
  ACTIVITY_TEMPLATES,
  CHINESE_PEOPLE,
  DEMO_CUSTOMERS,
  DEMO_EMAIL_DOMAIN,
  DEMO_PASSWORD,
  DEMO_TEAMS,
  DEMO_TERRITORIES,
  DEMO_USERS,
  ENGLISH_PEOPLE,
  ENGLISH_TITLES,
  LEADS,
  PRODUCTS,
  SOURCES,
  STAGE_ORDER,
  STAGES,
  STATUS_WEIGHTS,
  TAGS,
  TASK_TITLES,
  TITLES,
} from './data.js';
import { random } from './random.js';
import { loadServiceDemo } from '../service/demo-tickets.js';
import { loadKbDemo } from '../service-kb/index.js';
import { loadSurveyDemo } from '../service-surveys/index.js';
import { loadCampaignDemo } from '../marketing/campaigns/demo.js';
import { loadValueDemo } from '../marketing-value/demo.js';
import { loadTrackingDemo } from '../marketing-tracking/demo.js';
import { loadScoringDemo } from '../marketing-scoring/demo.js';

export { DEMO_PASSWORD, DEMO_EMAIL_DOMAIN, DEMO_USERS } from './data.js';

export interface DemoTarget {
  handle: { db: Kysely<Database> };
  engine: Engine;
}

export interface DemoSummary {
  /** True when demo data was already there and nothing was written. */
  skipped: boolean;
  users: { name: string; email: string; role: string; team: string }[];
  password: string;
  counts: Record<string, number>;
}

const DAY = 24 * 3600 * 1000;


function emailName(name: string): string {
  if (/^[\x20-\x7e]+$/.test(name)) return name.toLowerCase().replace(/\s+/g, '.');
  return pinyin(name, { toneType: 'none', type: 'array', v: true }).join('').replace(/[^a-z]/g, '');
}

function mobile(rnd: ReturnType<typeof random>) {
  return `1${rnd.pick(['38', '39', '36', '58', '59', '86', '88', '35', '77'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** Whether the demo users exist already. */
export async function hasDemoData(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', 'like', `%@${DEMO_EMAIL_DOMAIN}`).limit(1).executeTakeFirst();
  return !!row;
}

/**
 * Creates a realistic demo data set in Chinese and English: two sales teams (one with a sub-team),
 * managers and reps (password demo12345), ~40 customers, contacts, leads, deals in every stage,
 * follow-ups of every type and tasks. Records go through the record service with each owner's
 * access context, so owners, hooks and audit entries are real. Does nothing if the demo users exist.
 */
export async function loadDemoData(crm: DemoTarget): Promise<DemoSummary> {
  const db = crm.handle.db;
  const records = crm.engine.records;
  const users = DEMO_USERS.map((u) => ({ name: u.name, email: u.email, role: u.role, team: DEMO_TEAMS[u.team].name }));
  if (await hasDemoData(db)) return { skipped: true, users, password: DEMO_PASSWORD, counts: {} };
  const rnd = random(20240601);
  const now = Date.now();
  const counts: Record<string, number> = {};
  const count = (object: string) => (counts[object] = (counts[object] ?? 0) + 1);
  /** Record id → days ago it was "created", applied at the end to created_at and the audit entry. */
  const backdate: Record<string, Map<string, number>> = {};
  const setAge = (object: string, id: string, daysAgo: number) => (backdate[object] ??= new Map()).set(id, daysAgo);

  // ---- teams and users (accounts tables) ----
  const teamIds: Record<string, string> = {};
  for (const [key, team] of Object.entries(DEMO_TEAMS)) {
    const row = await db
      .insertInto('teams')
      .values({ name: team.name, parent_id: team.parent ? teamIds[team.parent] : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    teamIds[key] = row.id;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const roles = { sales_manager: await roleId(db, 'sales_manager'), sales_rep: await roleId(db, 'sales_rep') };
  // Territories for "assign by territory", unless an administrator already set some up.
  if (!(await db.selectFrom('automation_territories').select('id').limit(1).executeTakeFirst())) {
    const rows = (['north', 'east'] as const).flatMap((team) => DEMO_TERRITORIES[team].map((value) => ({ field: 'region', value, team_id: teamIds[team] })));
    await db.insertInto('automation_territories').values(rows.map((r, position) => ({ ...r, position }))).execute();
  }

  const people: { key: string; id: string; team: 'east' | 'north'; ctx: AccessContext }[] = [];
  for (const u of DEMO_USERS) {
    const row = await db
      .insertInto('users')
      .values({ email: u.email, name: u.name, password_hash: passwordHash, role_id: roles[u.role], team_id: teamIds[u.team], locale: 'zh-CN', active: true })
      .returning(['id', 'email', 'name', 'locale', 'role_id', 'team_id'])
      .executeTakeFirstOrThrow();
    people.push({ key: u.key, id: row.id, team: u.team === 'north' ? 'north' : 'east', ctx: SYSTEM_CONTEXT });
  }
  for (const [key, team] of Object.entries(DEMO_TEAMS)) {
    await db.updateTable('teams').set({ lead_user_id: people.find((p) => p.key === team.lead)!.id }).where('id', '=', teamIds[key]).execute();
  }
  forgetAccessContexts();
  for (const p of people) {
    const user = await db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).where('id', '=', p.id).executeTakeFirstOrThrow();
    p.ctx = await buildAccessContext(db, user);
  }
  forgetAccessContexts();

  // ---- customers, contacts, deals, follow-ups, tasks ----
  const englishPeople = [...ENGLISH_PEOPLE];
  for (const [index, c] of DEMO_CUSTOMERS.entries()) {
    const members = people.filter((p) => p.team === c.team);
    const owner = c.team ? members[index % members.length] : null;
    const ctx = owner?.ctx ?? SYSTEM_CONTEXT;
    const age = rnd.int(20, 300);
    const status = c.team ? rnd.weighted(STATUS_WEIGHTS) : rnd.pick(['prospect', 'dormant', 'lost']);
    const customer = await records.create(
      'customers',
      {
        name: c.name,
        status,
        industry: c.industry,
        source: rnd.pick(SOURCES),
        phone: c.english ? `+86 21 ${rnd.int(5000, 6999)} ${rnd.int(1000, 9999)}` : `0${rnd.pick(['21', '10', '571', '25', '22', '532'])}-${rnd.int(5000_0000, 8999_9999)}`,
        email: `${rnd.pick(['info', 'contact', 'sales', 'service'])}@${c.domain}`,
        website: `https://www.${c.domain}`,
        ...(c.region ? { region: c.region, address: `${c.region.district ?? ''}${rnd.pick(['科技园路', '人民路', '建设大道', '中山路', '创新大道'])}${rnd.int(1, 999)}号` } : {}),
        employees: rnd.pick([15, 40, 80, 150, 300, 800, 2000, 5000]),
        annual_revenue: { amount: rnd.int(5, 800) * 100_000, currency: 'CNY' },
        tags: rnd.some(TAGS, 3),
        description: c.english ? 'Foreign-invested company; prefers English documents.' : rnd.pick(['年度采购预算充足，决策周期约两个月。', '对数据安全要求高，倾向私有化部署。', '老客户推荐而来，关系良好。', '']),
      },
      ctx,
    );
    count('customers');
    setAge('customers', customer.id as string, age);

    const contactIds: string[] = [];
    const nContacts = rnd.int(1, 3);
    for (let i = 0; i < nContacts; i++) {
      const name = c.english && englishPeople.length ? englishPeople.shift()! : rnd.pick(CHINESE_PEOPLE);
      const contact = await records.create(
        'contacts',
        {
          name,
          customer_id: customer.id,
          company: c.name,
          title: c.english ? rnd.pick(ENGLISH_TITLES) : rnd.pick(TITLES),
          mobile: mobile(rnd),
          email: `${emailName(name)}${i ? i : ''}@${c.domain}`,
          ...(c.english ? {} : { wechat: `${emailName(name)}_${rnd.int(10, 99)}` }),
          gender: rnd.pick(['male', 'female']),
          is_primary: i === 0,
          ...(rnd.next() < 0.4 ? { birthday: `19${rnd.int(65, 95)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}` } : {}),
        },
        ctx,
      );
      count('contacts');
      contactIds.push(contact.id as string);
      setAge('contacts', contact.id as string, Math.max(age - rnd.int(0, 10), 1));
    }
    if (!owner) continue; // the public pool: no deals or follow-ups yet

    // Deals: most owned customers have one, some two; stages cycle so every stage has deals.
    const dealIds: string[] = [];
    const nDeals = index % 4 === 3 ? 2 : index % 5 === 4 ? 0 : 1;
    for (let d = 0; d < nDeals; d++) {
      const stage = STAGES[(index + d * 3) % STAGES.length];
      const closed = stage === 'won' || stage === 'lost';
      const product = rnd.pick(PRODUCTS);
      const short = c.english ? c.name.split(' ')[0] : c.name.replace(/(有限公司|集团|股份|国际学校)$/, '').replace(/^(上海|杭州|苏州|南京|宁波|无锡|合肥|常州|温州|嘉兴|北京|天津|石家庄|青岛|济南|太原|大连|沈阳|呼和浩特|唐山|武汉|西安|厦门)/, '').slice(0, 6);
      const deal = await records.create(
        'deals',
        {
          name: `${short}${product}`,
          customer_id: customer.id,
          contact_id: contactIds[0],
          amount: { amount: rnd.int(3, 200) * 10_000, currency: 'CNY' },
          stage: 'initial',
          expected_close_date: new Date(now + (closed ? -rnd.int(5, 60) : rnd.int(10, 120)) * DAY).toISOString().slice(0, 10),
          description: rnd.pick(['客户希望年底前上线。', '竞争对手报价更低，需突出服务优势。', '需要走招投标流程。', '']),
        },
        owner.ctx,
      );
      count('deals');
      dealIds.push(deal.id as string);
      setAge('deals', deal.id as string, Math.max(age - rnd.int(1, 15), 1));
      // Move it along the pipeline as a rep would, so the timeline shows the stage changes.
      const target = STAGE_ORDER.indexOf(stage);
      const path = stage === 'won' ? STAGE_ORDER.slice(1).concat('won') : stage === 'lost' ? ['qualified', 'lost'] : STAGE_ORDER.slice(1, target + 1);
      // Losing a deal needs a reason (modules/pipelines stage rules).
      for (const next of path) await records.update('deals', deal.id as string, { stage: next, ...(next === 'lost' ? { lost_reason: rnd.pick(['price', 'competitor', 'no_budget']) } : {}) }, owner.ctx);
    }

    // Follow-ups of every type, spread over the last two months.
    const types = Object.keys(ACTIVITY_TEMPLATES);
    const nActivities = rnd.int(2, 4);
    for (let a = 0; a < nActivities; a++) {
      const type = types[(index + a) % types.length];
      const template = rnd.pick(ACTIVITY_TEMPLATES[type]);
      const occurred = new Date(now - rnd.int(1, 60) * DAY - rnd.int(0, 8 * 3600) * 1000);
      const activity = await records.create(
        'activities',
        {
          type,
          subject: template.subject,
          content: template.content,
          occurred_at: occurred.toISOString(),
          ...(template.next ? { next_step: template.next } : {}),
          customer_id: customer.id,
          contact_id: rnd.pick(contactIds),
          ...(dealIds.length && rnd.next() < 0.6 ? { deal_id: rnd.pick(dealIds) } : {}),
        },
        owner.ctx,
      );
      count('activities');
      setAge('activities', activity.id as string, (now - occurred.getTime()) / DAY);
    }

    // Tasks: some overdue, some done, some upcoming.
    const nTasks = rnd.int(0, 2);
    for (let t = 0; t < nTasks; t++) {
      const kind = (index + t) % 5; // 0 overdue, 1 done, 2 upcoming, 3 in progress, 4 cancelled/upcoming
      const due = new Date(now + (kind === 0 || kind === 1 ? -rnd.int(1, 14) : rnd.int(1, 21)) * DAY);
      due.setUTCHours(rnd.pick([1, 2, 6, 8]), 0, 0, 0);
      await records.create(
        'tasks',
        {
          title: rnd.pick(TASK_TITLES),
          status: ['open', 'done', 'open', 'in_progress', rnd.pick(['open', 'cancelled'])][kind],
          priority: rnd.pick(['low', 'normal', 'normal', 'high']),
          due_at: due.toISOString(),
          ...(kind === 2 ? { remind_at: new Date(due.getTime() - 3600_000).toISOString() } : {}),
          customer_id: customer.id,
          contact_id: contactIds[0],
          ...(dealIds.length ? { deal_id: dealIds[0] } : {}),
        },
        owner.ctx,
      );
      count('tasks');
    }
  }

  // ---- leads ----
  const reps = people.filter((p) => p.key.includes('rep'));
  for (const [index, l] of LEADS.entries()) {
    const owner = index === LEADS.length - 1 ? null : reps.filter((r) => r.team === (DEMO_TERRITORIES.north.includes(l.province) ? 'north' : 'east'))[index % 3 === 0 ? 0 : 1];
    const lead = await records.create(
      'leads',
      {
        name: l.name,
        company: l.company,
        title: l.title,
        mobile: mobile(rnd),
        email: `${emailName(l.name)}@${l.english ? 'example.com' : rnd.pick(['163.com', 'qq.com', 'example.cn'])}`,
        status: l.status,
        source: l.source,
        region: { province: l.province, city: l.city },
        tags: rnd.some(['官网咨询', '展会名片', '高意向', '预算待定'], 2),
        description: rnd.pick(['想了解CRM系统的报价和部署方式。', '需要支持微信对接和移动端。', '公司50人左右，计划今年上线销售管理系统。', 'Asked for a demo of the sales pipeline.']),
      },
      owner?.ctx ?? SYSTEM_CONTEXT,
    );
    count('leads');
    setAge('leads', lead.id as string, rnd.int(1, 90));
    if (owner && l.status !== 'new') {
      await records.create(
        'activities',
        { type: rnd.pick(['call', 'email', 'wechat']), subject: '首次联系线索', content: '已电话联系，介绍了产品基本功能。', lead_id: lead.id, occurred_at: new Date(now - rnd.int(1, 20) * DAY).toISOString() },
        owner.ctx,
      );
      count('activities');
    }
  }

  // A few personal tasks without a customer, for the reps' to-do lists.
  for (const [i, rep] of reps.entries()) {
    await records.create('tasks', { title: i % 2 ? '提交本周销售周报' : '整理本月回款计划', status: i % 3 === 0 ? 'done' : 'open', priority: 'normal', due_at: new Date(now + (i % 2 ? 2 : -1) * DAY).toISOString() }, rep.ctx);
    count('tasks');
  }

  counts.tickets = await loadServiceDemo(db, crm.engine, people.find((p) => p.key === 'east_mgr')?.id ?? null, people.filter((p) => p.key.startsWith('east_rep')).map((p) => p.id));
  counts.kb_articles = await loadKbDemo(crm.engine);
  counts.surveys = await loadSurveyDemo(db, people.find((p) => p.key === 'east_mgr')?.id ?? null);
  counts.campaigns = await loadCampaignDemo(db, crm.engine, reps[0].ctx);
  counts.coupons = await loadValueDemo(db, crm.engine);
  counts.website_events = await loadTrackingDemo(db);
  counts.scored_leads = await loadScoringDemo(db, crm.engine);

  // Spread creation times over the past months (records and their "created" audit entries alike),
  // so lists, timelines and reports look like a system in use rather than one created a minute ago.
  for (const [object, ages] of Object.entries(backdate)) {
    const ids = [...ages.keys()];
    const at = ids.map((id) => new Date(now - ages.get(id)! * DAY).toISOString());
    await sql`
      UPDATE ${sql.table(object)} t SET created_at = v.at, updated_at = CASE WHEN t.version = 1 THEN v.at ELSE t.updated_at END
      FROM unnest(${sql.val(ids)}::uuid[], ${sql.val(at)}::timestamptz[]) AS v(id, at) WHERE t.id = v.id`.execute(db);
    await sql`
      UPDATE audit_log a SET at = v.at
      FROM unnest(${sql.val(ids)}::uuid[], ${sql.val(at)}::timestamptz[]) AS v(id, at)
      WHERE a.record_id = v.id AND a.object = ${object} AND a.action = 'create'`.execute(db);
  }

  return { skipped: false, users, password: DEMO_PASSWORD, counts };
}

/** Lines to print after loading, so whoever ran it knows how to log in. */
export function describeDemo(summary: DemoSummary): string {
  const lines = [
    summary.skipped ? 'Demo data already present; nothing changed.' : `Demo data loaded: ${Object.entries(summary.counts).map(([k, v]) => `${v} ${k}`).join(', ')}.`,
    `Demo users (password ${summary.password}):`,
    ...summary.users.map((u) => `  ${u.email.padEnd(36)} ${u.name}  ${u.role === 'sales_manager' ? '销售经理' : '销售代表'}  ${u.team}`),
  ];
  return lines.join('\n');
}
