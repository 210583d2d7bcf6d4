/**
 * Bulk seeding for the benchmark: N customers with ~2 contacts, ~1 deal and ~2 follow-ups each,
 * written with multi-row INSERT … SELECT FROM unnest(…) straight into the tables the engine
 * created. The _search column is computed with the engine's own searchLexemes(), so search
 * behaves exactly as for records created through the API.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';
import { hashPassword } from '../apps/server/src/accounts/passwords.js';
import { roleId } from '../apps/server/src/accounts/bootstrap.js';
import { syncObjectTables } from '../apps/server/src/engine/metadata/table-sync.js';
import { searchLexemes } from '../apps/server/src/engine/search/terms.js';
import type { Crm } from '../apps/server/src/server.js';
import { random } from '../apps/server/src/modules/demo/random.js';

export const ADMIN_EMAIL = 'admin@bench.example.com';
export const PASSWORD = 'bench12345';

// ---------- vocabulary ----------
const CITIES = ['上海', '北京', '杭州', '苏州', '南京', '深圳', '广州', '成都', '武汉', '天津', '西安', '重庆', '青岛', '宁波', '厦门', '合肥', '长沙', '郑州', '济南', '大连'];
const CORE_A = ['云', '星', '恒', '金', '海', '华', '天', '明', '瑞', '博', '鼎', '新', '联', '盛', '德', '嘉', '中', '东', '宏', '信', '安', '泰', '达', '创', '智'];
const CORE_B = ['帆', '辰', '通', '陵', '润', '光', '合', '德', '丰', '雅', '成', '源', '科', '远', '峰', '邦', '顺', '和', '图', '讯', '锐', '景', '航', '森', '睿'];
const INDUSTRY_WORDS: [string, string][] = [['科技', 'it'], ['网络科技', 'it'], ['软件', 'it'], ['精密制造', 'manufacturing'], ['机械', 'manufacturing'], ['医疗器械', 'healthcare'], ['生物科技', 'healthcare'], ['贸易', 'retail'], ['食品', 'retail'], ['教育科技', 'education'], ['金融信息服务', 'finance'], ['物流', 'other']];
const SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司'];
const EN_A = ['Blue', 'North', 'Green', 'Silver', 'Bright', 'Harbor', 'Summit', 'Pacific', 'Golden', 'Nova'];
const EN_B = ['wave', 'star', 'field', 'stone', 'bridge', 'peak', 'line', 'gate', 'point', 'works'];
const EN_C = ['Software', 'Robotics', 'Trading', 'Consulting', 'Analytics', 'Logistics'];
// Top surnames, weighted roughly by frequency, and common given-name characters (伟 is common, so 张伟 is too).
const SURNAMES = '王王王李李李张张张刘刘陈陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文'.split('');
const GIVEN = '伟伟伟芳娜敏静秀丽强磊军洋勇艳杰娟涛明超霞平刚桂英华辉鹏晨雪琳宇浩婷佳俊欣雨轩博文斌建国志海波玲红亮飞凯峰'.split('');
const EN_FIRST = ['David', 'Emily', 'Michael', 'Sarah', 'James', 'Linda', 'Kevin', 'Anna', 'Tom', 'Grace'];
const EN_LAST = ['Chen', 'Wang', 'Brown', 'Lee', 'Miller', 'Zhou', 'Liu', 'Smith', 'Walker', 'Lin'];
const PINYIN_CACHE = new Map<string, string>();
const STATUSES = ['prospect', 'prospect', 'active', 'active', 'active', 'vip', 'dormant', 'lost'];
const SOURCES = ['website', 'referral', 'event', 'ads', 'cold_call', 'other'];
const STAGES = ['initial', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
const PROB: Record<string, number> = { initial: 10, qualified: 25, proposal: 50, negotiation: 75, won: 100, lost: 0 };
const PRODUCTS = ['CRM系统采购', '年度维保服务', '数据中台建设', 'MES系统升级', '云服务器扩容', '培训服务', '营销自动化平台'];
const ACT_TYPES = ['call', 'visit', 'meeting', 'email', 'wechat', 'note'];
const ACT_SUBJECTS: Record<string, string> = { call: '电话沟通采购需求', visit: '上门拜访并演示产品', meeting: '方案评审会议', email: '发送报价单', wechat: '微信确认合同细节', note: '客户预算备注' };
const TAGS = ['高活跃度', '价格敏感型', '重点客户', '老客户', '新客户', '决策链长'];
const PROVINCES: Record<string, string> = { 上海: '上海市', 北京: '北京市', 杭州: '浙江省', 苏州: '江苏省', 南京: '江苏省', 深圳: '广东省', 广州: '广东省', 成都: '四川省', 武汉: '湖北省', 天津: '天津市', 西安: '陕西省', 重庆: '重庆市', 青岛: '山东省', 宁波: '浙江省', 厦门: '福建省', 合肥: '安徽省', 长沙: '湖南省', 郑州: '河南省', 济南: '山东省', 大连: '辽宁省' };

const rng = random;
type Rng = ReturnType<typeof rng>;

// Lexemes of values containing Chinese are cached: computing pinyin is the expensive part, and
// names repeat. searchLexemes(values) is the union of each value's lexemes, so per-value caching
// gives exactly the engine's result.
const lexCache = new Map<string, string[]>();
function valueLexemes(value: string): string[] {
  if (!/\p{Script=Han}/u.test(value)) return searchLexemes([value]);
  let hit = lexCache.get(value);
  if (!hit) {
    hit = searchLexemes([value]);
    if (lexCache.size > 400_000) lexCache.clear();
    lexCache.set(value, hit);
  }
  return hit;
}
/** tsvector text equal to the engine's array_to_tsvector(searchLexemes(values)). */
function tsvector(values: (string | null)[]): string {
  const set = new Set<string>();
  for (const v of values) if (v) for (const l of valueLexemes(v)) set.add(l);
  return [...set].map((l) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' ');
}

async function emailLocal(name: string): Promise<string> {
  let hit = PINYIN_CACHE.get(name);
  if (!hit) {
    const { pinyin } = await import('pinyin-pro');
    hit = /^[\x20-\x7e]+$/.test(name) ? name.toLowerCase().replace(/\s+/g, '.') : pinyin(name, { toneType: 'none', type: 'array', v: true }).join('').replace(/[^a-z]/g, '');
    PINYIN_CACHE.set(name, hit);
  }
  return hit;
}

function personName(r: Rng): string {
  if (r.next() < 0.05) return `${r.pick(EN_FIRST)} ${r.pick(EN_LAST)}`;
  return r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.45 ? r.pick(GIVEN) : '');
}
const mobile = (r: Rng) => `1${r.pick(['38', '39', '36', '58', '59', '86', '88', '35', '77'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
const pgArray = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

// ---------- columns, per table ----------
type Col = [name: string, arrayType: string, cast?: string];
const BASE: Col[] = [['id', 'uuid'], ['owner_id', 'uuid'], ['created_at', 'timestamptz'], ['created_by', 'uuid'], ['updated_at', 'timestamptz'], ['updated_by', 'uuid']];
const TABLES: Record<string, Col[]> = {
  customers: [...BASE, ['_search', 'text', 'tsvector'], ['name', 'text'], ['status', 'text'], ['industry', 'text'], ['source', 'text'], ['phone', 'text'], ['email', 'text'], ['website', 'text'], ['region', 'text', 'jsonb'], ['employees', 'int4'], ['annual_revenue', 'numeric'], ['annual_revenue_currency', 'text'], ['tags', 'text', 'text[]'], ['last_activity_at', 'timestamptz']],
  contacts: [...BASE, ['_search', 'text', 'tsvector'], ['name', 'text'], ['customer_id', 'uuid'], ['company', 'text'], ['title', 'text'], ['mobile', 'text'], ['email', 'text'], ['gender', 'text'], ['is_primary', 'bool']],
  deals: [...BASE, ['_search', 'text', 'tsvector'], ['name', 'text'], ['customer_id', 'uuid'], ['contact_id', 'uuid'], ['amount', 'numeric'], ['amount_currency', 'text'], ['pipeline', 'text'], ['stage', 'text'], ['probability', 'numeric'], ['expected_close_date', 'date']],
  activities: [...BASE, ['type', 'text'], ['subject', 'text'], ['occurred_at', 'timestamptz'], ['customer_id', 'uuid'], ['contact_id', 'uuid'], ['deal_id', 'uuid']],
};
type Rows = Record<string, unknown[][]>;

async function insertRows(client: pg.PoolClient, table: string, rows: unknown[][]) {
  if (!rows.length) return;
  const cols = TABLES[table];
  const columns = cols.map(([name]) => name);
  const arrays = cols.map((_, i) => rows.map((r) => r[i]));
  const select = cols.map(([name, , cast], i) => (cast ? `u.c${i}::${cast}` : `u.c${i}`));
  const text = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')})
    SELECT ${select.join(', ')} FROM unnest(${cols.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS u(${cols.map((_, i) => `c${i}`).join(', ')})`;
  await client.query(text, arrays);
}

export interface SeedUsers {
  adminId: string;
  sales: string[];
}

/** Two teams with a manager and five reps each, plus the administrator. */
export async function seedUsers(crm: Crm): Promise<SeedUsers> {
  const db = crm.handle.db;
  const hash = await hashPassword(PASSWORD);
  const admin = await db.insertInto('users').values({ email: ADMIN_EMAIL, name: '管理员', password_hash: hash, role_id: await roleId(db, 'admin'), team_id: null, locale: 'zh-CN', active: true }).returning('id').executeTakeFirstOrThrow();
  const sales: string[] = [];
  for (const [t, teamName] of ['华东销售部', '华北销售部'].entries()) {
    const team = await db.insertInto('teams').values({ name: teamName, parent_id: null }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < 6; i++) {
      const role = await roleId(db, i === 0 ? 'sales_manager' : 'sales_rep');
      const u = await db.insertInto('users').values({ email: `sales${t}${i}@bench.example.com`, name: `销售${t}${i}`, password_hash: hash, role_id: role, team_id: team.id, locale: 'zh-CN', active: true }).returning('id').executeTakeFirstOrThrow();
      sales.push(u.id);
    }
  }
  return { adminId: admin.id, sales };
}

/** Seeds n customers and their related records; returns when indexes are rebuilt and statistics fresh. */
export async function seed(crm: Crm, n: number, log: (msg: string) => void) {
  const started = Date.now();
  const users = await seedUsers(crm);
  const pool = crm.handle.pool;
  const client = await pool.connect();
  const isPg = crm.handle.kind === 'postgres';
  try {
    if (isPg) {
      await client.query(`SET synchronous_commit = off`);
      await client.query(`SET maintenance_work_mem = '512MB'`);
    }
    // Secondary indexes are dropped during the load and rebuilt by the engine's own table sync.
    const { rows: idx } = await client.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1) AND indexname NOT LIKE '%_pkey'`,
      [[...Object.keys(TABLES), 'audit_log']],
    );
    for (const { indexname } of idx) await client.query(`DROP INDEX IF EXISTS "${indexname}"`);

    const r = rng(42);
    const now = Date.now();
    const YEARS3 = 3 * 365 * 24 * 3600 * 1000;
    const BATCH = 5000;
    let done = 0;
    while (done < n) {
      const size = Math.min(BATCH, n - done);
      const rows: Rows = { customers: [], contacts: [], deals: [], activities: [] };
      for (let k = 0; k < size; k++) {
        const i = done + k;
        // Creation times rise with i, with jitter, so "newest first" lists behave like real ones.
        const created = new Date(now - YEARS3 + (YEARS3 * i) / n - r.int(0, 3600_000));
        const updated = new Date(created.getTime() + r.int(0, 30) * 86_400_000 * (r.next() < 0.3 ? 1 : 0));
        const owner = r.next() < 0.02 ? null : r.pick(users.sales);
        const english = r.next() < 0.08;
        const city = r.pick(CITIES);
        const [word, industry] = r.pick(INDUSTRY_WORDS);
        const name = english ? `${r.pick(EN_A)}${r.pick(EN_B)} ${r.pick(EN_C)} ${['Co., Ltd.', 'Ltd.', 'Inc.'][i % 3]}` : `${city}${r.pick(CORE_A)}${r.pick(CORE_B)}${word}${r.pick(SUFFIXES)}`;
        const domain = `c${i.toString(36)}.example.com`;
        const phone = `0${r.pick(['21', '10', '571', '25', '22', '755'])}-${r.int(5000_0000, 8999_9999)}`;
        const email = `${r.pick(['info', 'sales', 'contact'])}@${domain}`;
        const id = randomUUID();
        const tags = r.next() < 0.4 ? [r.pick(TAGS)] : [];
        const actAt: Date[] = [];
        const nAct = r.int(1, 3);
        for (let a = 0; a < nAct; a++) actAt.push(new Date(Math.min(now, created.getTime() + r.int(0, 60) * 86_400_000)));
        const lastAct = actAt.reduce((m, d) => (d > m ? d : m), actAt[0]);
        rows.customers.push([id, owner, created.toISOString(), owner, updated.toISOString(), owner, tsvector([name, phone, email]), name, r.pick(STATUSES), english ? 'other' : industry, r.pick(SOURCES), phone, email, `https://www.${domain}`, JSON.stringify({ province: PROVINCES[city], city: `${city}市` }), r.pick([15, 40, 80, 150, 300, 800, 2000]), r.int(5, 800) * 100_000, 'CNY', pgArray(tags), lastAct.toISOString()]);
        const contactIds: string[] = [];
        const nContacts = r.int(1, 3);
        for (let c = 0; c < nContacts; c++) {
          const cid = randomUUID();
          contactIds.push(cid);
          const person = personName(r);
          const cm = mobile(r);
          const ce = `${await emailLocal(person)}${r.int(1, 999)}@${domain}`;
          rows.contacts.push([cid, owner, created.toISOString(), owner, created.toISOString(), owner, tsvector([person, name, cm, null, ce, null]), person, id, name, r.pick(['总经理', '采购经理', 'IT总监', '财务总监', '项目经理']), cm, ce, r.pick(['male', 'female']), c === 0]);
        }
        const dealIds: string[] = [];
        if (r.next() < 0.9) {
          const did = randomUUID();
          dealIds.push(did);
          const stage = r.pick(STAGES);
          const dname = `${name.replace(/(股份|集团)?有限公司$/, '')}${r.pick(PRODUCTS)}`;
          rows.deals.push([did, owner, created.toISOString(), owner, updated.toISOString(), owner, tsvector([dname]), dname, id, contactIds[0], r.int(3, 200) * 10_000, 'CNY', 'standard', stage, PROB[stage], new Date(created.getTime() + r.int(10, 120) * 86_400_000).toISOString().slice(0, 10)]);
        }
        for (const at of actAt) {
          const type = r.pick(ACT_TYPES);
          rows.activities.push([randomUUID(), owner, at.toISOString(), owner, at.toISOString(), owner, type, ACT_SUBJECTS[type], at.toISOString(), id, r.pick(contactIds), dealIds.length && r.next() < 0.5 ? dealIds[0] : null]);
        }
      }
      await client.query('BEGIN');
      for (const table of Object.keys(TABLES)) await insertRows(client, table, rows[table]);
      await client.query('COMMIT');
      done += size;
      if (done % (BATCH * 20) === 0 || done === n) log(`  seeded ${done.toLocaleString()} / ${n.toLocaleString()} customers (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    // One "create" audit entry per customer, so the 360° timeline has history to merge.
    await client.query(`INSERT INTO audit_log (object, record_id, action, actor_id, at, changes)
      SELECT 'customers', id, 'create', created_by, created_at, jsonb_build_object('name', jsonb_build_object('from', null, 'to', name)) FROM customers`);
    log(`  rows loaded in ${((Date.now() - started) / 1000).toFixed(0)} s; building indexes…`);
    await client.query(`CREATE INDEX IF NOT EXISTS audit_log_record_idx ON audit_log(record_id, at DESC)`);
    await client.query(`CREATE INDEX IF NOT EXISTS outbox_pending_idx ON outbox(id) WHERE dispatched_at IS NULL`);
  } finally {
    client.release();
  }
  // The engine recreates exactly the indexes it wants (IF NOT EXISTS).
  await syncObjectTables(crm.handle.db, crm.engine.metadata.standardObjects());
  await sql`VACUUM ANALYZE`.execute(crm.handle.db);
  log(`  seed done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return users;
}
