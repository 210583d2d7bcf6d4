import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../src/accounts/bootstrap.js';
import { createSession } from '../src/accounts/sessions.js';
import { writeBackupFile } from '../src/backup/backup-files.js';
import { ArchiveError, verifyArchive } from '../src/backup/read-archive.js';
import { restoreBackup, RestoreRefused } from '../src/backup/restore-backup.js';
import { discoverTables } from '../src/backup/tables.js';
import { createCrm, type Crm } from '../src/server.js';
import { Client, pgliteTemplate } from './helpers/crm.js';
import { waitForProgress } from './helpers/local-servers.js';

type Rec = Record<string, any>;
type Kind = 'pglite' | 'postgres';
const PG_URL = process.env.TEST_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'crm-backup-test-'));
// The settings may name only folders inside CRM_BACKUP_DIR (and CRM_BACKUP_ROOTS).
process.env.CRM_BACKUP_DIR = dir;
const opened: { crm: Crm; schema?: string }[] = [];

/** An install with no data at all (what `crm restore` expects): migrated, tables synced, built-in roles only. */
async function emptyInstall(kind: Kind): Promise<Crm> {
  let crm: Crm;
  let schema: string | undefined;
  if (kind === 'postgres') {
    schema = `t_bk_${randomBytes(5).toString('hex')}`;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public').catch(() => undefined);
    await client.end();
    crm = await createCrm({ database: { url: PG_URL, schema, poolSize: 3 } });
  } else {
    crm = await createCrm({ database: { template: await pgliteTemplate() } });
  }
  opened.push({ crm, schema });
  return crm;
}

async function adminClient(crm: Crm): Promise<Client> {
  await ensureFirstAdmin(crm.handle.db, 'admin@backup.test', 'secret-pass-1');
  const admin = await crm.handle.db.selectFrom('users').select('id').where('email', '=', 'admin@backup.test').executeTakeFirstOrThrow();
  return new Client(crm.app, { cookie: `crm_session=${await createSession(crm.handle.db, admin.id)}` }, admin.id);
}

const ok = async <T extends { status: number; text: string }>(res: Promise<T>, status = 201) => {
  const r = await res;
  if (r.status !== status) throw new Error(`${r.status} ${r.text}`);
  return (r as unknown as { body: Rec }).body;
};

/** Customers, contacts, deals, follow-ups, custom fields of several types, users/teams/roles, a saved view, the audit log, the recycle bin. */
async function populate(crm: Crm) {
  const admin = await adminClient(crm);
  const parent = (await ok(admin.post('/api/v1/teams', { name: '华东大区' }))).data;
  const child = (await ok(admin.post('/api/v1/teams', { name: '上海组', parentId: parent.id }))).data;
  const role = (await ok(admin.post('/api/v1/roles', { key: 'backup_rep', nameZh: '备份代表', nameEn: 'Backup rep', permissions: { objects: { '*': { read: 'team', create: 'own', update: 'own', delete: 'own', export: 'none' } } } }))).data;
  const user = (await ok(admin.post('/api/v1/users', { email: 'rep@backup.test', name: '王芳', password: 'secret-pass-2', roleId: role.id, teamId: child.id, locale: 'zh-CN' }))).data;
  const label = (zh: string, en: string) => ({ zh, en });
  await ok(admin.post('/api/v1/meta/objects/customers/fields', { name: 'level', label: label('客户等级', 'Level'), type: 'select', options: [{ value: 'a', label: label('A级', 'A') }, { value: 'b', label: label('B级', 'B') }], indexed: true }));
  await ok(admin.post('/api/v1/meta/objects/customers/fields', { name: 'budget', label: label('预算', 'Budget'), type: 'currency' }));
  await ok(admin.post('/api/v1/meta/objects/customers/fields', { name: 'signed', label: label('签约日', 'Signed'), type: 'date' }));
  await ok(admin.post('/api/v1/meta/objects/customers/fields', { name: 'areas', label: label('区域', 'Areas'), type: 'tags' }));
  await ok(admin.post('/api/v1/meta/objects/contacts/fields', { name: 'score', label: label('评分', 'Score'), type: 'decimal' }));
  await ok(admin.post('/api/v1/meta/objects/contacts/fields', { name: 'mentor', label: label('引荐人', 'Mentor'), type: 'relation', relation: { object: 'contacts', reverseName: 'mentees', reverseLabel: label('被引荐人', 'Mentees') } }));
  const customer = await admin.create('customers', { name: '上海浦江机电有限公司', status: 'vip', region: { province: '上海市', city: '上海市' }, annual_revenue: { amount: 12345678.9, currency: 'CNY' }, cf_level: 'a', cf_budget: { amount: 99999.99, currency: 'USD' }, cf_signed: '2024-02-29', cf_areas: ['浦东', '闵行'], owner_id: user.id });
  const gone = await admin.create('customers', { name: '已删除的客户' });
  await ok(admin.delete(`/api/v1/customers/${gone.id}`), 204);
  const boss = await admin.create('contacts', { name: '陈总', customer_id: customer.id, mobile: '13800001234', cf_score: 4.5 });
  await admin.create('contacts', { name: 'Li Lei', customer_id: customer.id, email: 'li@pujiang.cn', cf_mentor: boss.id, birthday: '1990-01-31' });
  const deal = await admin.create('deals', { name: '机电改造项目', customer_id: customer.id, amount: { amount: 500000, currency: 'CNY' }, stage: 'proposal', expected_close_date: '2026-12-31' });
  await ok(admin.patch(`/api/v1/deals/${deal.id}`, { stage: 'negotiation', version: 1 }), 200);
  await admin.create('activities', { type: 'visit', subject: '上门拜访', content: '多行\n内容，含"引号"', occurred_at: '2026-11-20T09:30:00.123Z', customer_id: customer.id, deal_id: deal.id });
  await ok(admin.post('/api/v1/views', { object: 'customers', name: '重要客户', config: { filter: { field: 'status', op: 'eq', value: 'vip' }, columns: ['name', 'cf_level'] } }));
  await ok(admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: false, cron: '30 2 * * *', folder: dir, keep: 3 }), 200);
  return { customer, user };
}

/** Every row of every backed-up table, as PostgreSQL's JSON in UTC, sorted: what must come back identical. */
async function snapshot(crm: Crm): Promise<Record<string, string[]>> {
  const tables = await discoverTables(crm.handle.db, crm.handle.schema);
  return crm.handle.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    const out: Record<string, string[]> = {};
    for (const t of tables) {
      const { rows } = await sql<{ j: string }>`SELECT to_jsonb(t)::text AS j FROM ${sql.table(t.name)} t`.execute(trx);
      out[t.name] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}

const kinds: Kind[] = PG_URL ? ['pglite', 'postgres'] : ['pglite'];
const sources = new Map<Kind, { crm: Crm; file: string; snapshot: Record<string, string[]> }>();

beforeAll(async () => {
  for (const kind of kinds) {
    const crm = await emptyInstall(kind);
    await populate(crm);
    const file = join(dir, `${kind}.jsonl.gz`);
    await writeBackupFile(crm.handle, file);
    sources.set(kind, { crm, file, snapshot: await snapshot(crm) });
  }
});
afterAll(async () => {
  for (const { crm, schema } of opened) {
    await crm.close().catch(() => undefined);
    if (schema) {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore round trip', () => {
  const pairs: [Kind, Kind][] = PG_URL ? [['pglite', 'pglite'], ['pglite', 'postgres'], ['postgres', 'pglite']] : [['pglite', 'pglite']];
  it.each(pairs)('%s → %s gives back every record and metadata row', async (from, to) => {
    const source = sources.get(from)!;
    const manifest = await verifyArchive(createReadStream(source.file));
    expect(manifest).toMatchObject({ format: 'crm-backup', source: from });
    expect(manifest.migrations).toContain('005_backups');
    const names = manifest.tables.map((t) => t.name);
    for (const t of ['customers', 'contacts', 'deals', 'activities', 'tasks', 'leads', 'users', 'teams', 'roles', 'meta_fields', 'saved_views', 'audit_log', 'api_keys', 'backup_settings']) expect(names).toContain(t);
    for (const t of ['sessions', 'outbox', 'login_failures', 'kysely_migration']) expect(names).not.toContain(t);
    // Parents before children: roles and teams before the users that point at them.
    expect(names.indexOf('roles')).toBeLessThan(names.indexOf('users'));
    expect(names.indexOf('teams')).toBeLessThan(names.indexOf('users'));

    const target = await emptyInstall(to);
    const result = await restoreBackup(target.handle, () => createReadStream(source.file));
    expect(result.rows).toBe(manifest.tables.reduce((n, t) => n + t.rows, 0));
    expect(await snapshot(target)).toEqual(source.snapshot);

    // The restored install works: custom fields (incl. their columns) are live, sequences continue, logins work.
    await target.engine.metadata.reload();
    const admin = await adminClient(target);
    const customers = (await admin.list('customers', { filter: { field: 'cf_level', op: 'eq', value: 'a' } })).body.data;
    expect(customers).toMatchObject([{ name: '上海浦江机电有限公司', cf_budget: { amount: 99999.99, currency: 'USD' }, cf_signed: '2024-02-29', cf_areas: ['浦东', '闵行'], annual_revenue: { amount: 12345678.9, currency: 'CNY' } }]);
    const before = await target.handle.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
    await admin.create('customers', { name: '恢复后新建', cf_level: 'b' });
    const after = await target.handle.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(Number(after.id)).toBeGreaterThan(Number(before.max));
    const login = await target.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'rep@backup.test', password: 'secret-pass-2' } });
    expect(login.statusCode).toBe(200);
    expect((await admin.get('/api/v1/customers/deleted')).body.data.map((c: Rec) => c.name)).toEqual(['已删除的客户']);
  });

  it('refuses to restore into an install that holds data, unless forced', async () => {
    const source = sources.get('pglite')!;
    const target = await emptyInstall('pglite');
    const admin = await adminClient(target);
    await admin.create('customers', { name: '已有数据' });
    await expect(restoreBackup(target.handle, () => createReadStream(source.file))).rejects.toThrow(RestoreRefused);
    await expect(restoreBackup(target.handle, () => createReadStream(source.file))).rejects.toThrow(/not empty \(.*customers.*\).*--force/);
    expect((await admin.list('customers')).body.data.map((c: Rec) => c.name)).toEqual(['已有数据']);
    await restoreBackup(target.handle, () => createReadStream(source.file), { force: true });
    expect(await snapshot(target)).toEqual(source.snapshot);
  });

  it('refuses a damaged archive before writing anything', async () => {
    const source = sources.get('pglite')!;
    const original = readFileSync(source.file);
    const lines = gunzipSync(original).toString('utf8');
    const cases: [string, Buffer, RegExp][] = [
      ['flipped byte', Buffer.from(original.map((b, i) => (i === Math.floor(original.length / 2) ? b ^ 0xff : b))), /damaged|checksum|unreadable/],
      ['edited row', gzipSync(lines.replace('上海浦江机电有限公司', '上海浦江机电有限公伺')), /checksum mismatch/],
      ['truncated', gzipSync(lines.split('\n').slice(0, -3).join('\n')), /truncated/],
      ['not a backup', gzipSync('hello\n'), /not a CRM backup/],
      ['not gzip', Buffer.from('{"manifest":{}}\n'), /damaged or not gzip/],
    ];
    const target = await emptyInstall('pglite');
    for (const [name, bytes, message] of cases) {
      const file = join(dir, `bad-${name.replace(/ /g, '-')}.gz`);
      writeFileSync(file, bytes);
      const attempt = restoreBackup(target.handle, () => createReadStream(file));
      await expect(attempt, name).rejects.toThrow(ArchiveError);
      await expect(restoreBackup(target.handle, () => createReadStream(file)), name).rejects.toThrow(message);
    }
    const { rows } = await sql<{ n: string }>`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM customers) + (SELECT count(*) FROM meta_fields) AS n`.execute(target.handle.db);
    expect(Number(rows[0].n)).toBe(0);
  });
});

describe('admin backup API', () => {
  it('backs up a running install, lists and downloads the archive, keeps the newest N', async () => {
    const { crm } = sources.get('pglite')!;
    const admin = await adminClient(crm);
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push((await ok(admin.post('/api/v1/admin/backups'))).data.name);
    const list = await admin.get('/api/v1/admin/backups');
    expect(list.body.folder).toBe(dir);
    // keep = 3 in the settings: the oldest of the four was pruned.
    expect(list.body.data.map((f: Rec) => f.name)).toEqual(names.slice(1).reverse());
    expect(existsSync(join(dir, names[0]))).toBe(false);
    const download = await crm.app.inject({ method: 'GET', url: `/api/v1/admin/backups/${names[3]}`, headers: { cookie: (admin as any).headers.cookie } });
    expect(download.statusCode).toBe(200);
    const copy = join(dir, 'downloaded.gz');
    writeFileSync(copy, download.rawPayload);
    const manifest = await verifyArchive(createReadStream(copy));
    expect(manifest.tables.find((t) => t.name === 'customers')?.rows).toBeGreaterThanOrEqual(2);
    expect((await admin.get('/api/v1/admin/backups/..%2F..%2Fetc%2Fpasswd')).status).toBe(400);
    expect((await admin.get('/api/v1/admin/backups/crm-backup-20000101-000000.jsonl.gz')).status).toBe(404);
  });

  it('validates schedule settings (400 naming the field) and is for administrators only', async () => {
    const { crm } = sources.get('pglite')!;
    const admin = await adminClient(crm);
    const bad = await admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: true, cron: 'every day', folder: dir, keep: 3 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('cron');
    const relative = await admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: true, cron: '0 3 * * *', folder: 'backups', keep: 3 });
    expect(relative.body.error.details[0].path).toBe('folder');
    for (const folder of ['/etc', '/', join(dir, '..'), `${dir}-evil`, join(dir, 'a/../../x')]) {
      const outside = await admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: true, cron: '0 3 * * *', folder, keep: 3 });
      expect(outside.status, folder).toBe(400);
      expect(outside.body.error.details[0].path).toBe('folder');
      expect(outside.body.error.details[0].message).toContain(dir);
    }
    const otherRoot = mkdtempSync(join(tmpdir(), 'crm-backup-root-'));
    process.env.CRM_BACKUP_ROOTS = `/nonexistent-root, ${otherRoot}`;
    try {
      expect((await admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: false, cron: '30 2 * * *', folder: join(otherRoot, 'nightly'), keep: 3 })).status).toBe(200);
    } finally {
      delete process.env.CRM_BACKUP_ROOTS;
      await ok(admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: false, cron: '30 2 * * *', folder: dir, keep: 3 }), 200);
      rmSync(otherRoot, { recursive: true, force: true });
    }
    const keep = await admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: true, cron: '0 3 * * *', folder: dir, keep: 0 });
    expect(keep.body.error.details[0].path).toBe('keep');
    const user = await crm.handle.db.selectFrom('users').select('id').where('email', '=', 'rep@backup.test').executeTakeFirstOrThrow();
    const rep = new Client(crm.app, { cookie: `crm_session=${await createSession(crm.handle.db, user.id)}` }, user.id);
    expect((await rep.post('/api/v1/admin/backups')).status).toBe(403);
    expect((await rep.get('/api/v1/admin/backups')).status).toBe(403);
  });
});

describe('scheduled backups and the CLI', () => {
  it('keeps the pg-boss schedule in step with the settings, and its worker writes and prunes archives', async () => {
    const crm = await createCrm({ database: { template: await pgliteTemplate() }, jobs: true });
    opened.push({ crm });
    const admin = await adminClient(crm);
    const folder = join(dir, 'scheduled');
    const saved = await admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: true, cron: '15 4 * * *', folder, keep: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body.nextRun).toMatch(/T\d\d:15:00/);
    const backupSchedules = async () => (await crm.jobs!.boss.getSchedules()).filter((s) => s.name === 'scheduled-backup');
    expect(await backupSchedules()).toMatchObject([{ name: 'scheduled-backup', cron: '15 4 * * *' }]);
    // What the schedule triggers at 04:15: a job on the queue, done by the worker.
    const boss = crm.jobs!.boss;
    const ids = [await boss.send('scheduled-backup', {}), await boss.send('scheduled-backup', {})];
    const states = async () => Promise.all(ids.map(async (id) => (await boss.getJobById('scheduled-backup', id!))?.state));
    // Each job moves created → active → completed; waiting lasts as long as they move.
    await waitForProgress(async () => (await states()).every((s) => s === 'completed'), states, { what: 'the scheduled backups', idleMs: 120_000 }).catch(() => undefined);
    expect(await states()).toEqual(['completed', 'completed']);
    const files = readdirSync(folder).filter((f) => f.endsWith('.jsonl.gz'));
    expect(files).toHaveLength(1); // keep = 1
    await verifyArchive(createReadStream(join(folder, files[0])));
    await admin.request('PUT', '/api/v1/admin/backup-settings', { enabled: false, cron: '15 4 * * *', folder, keep: 1 });
    expect(await backupSchedules()).toEqual([]);
  });

  it('says to use the server when a running server holds the embedded database', () => {
    const dataDir = join(dir, 'locked');
    mkdirSync(dataDir, { recursive: true });
    // This test process stands in for the running server: it holds the lock.
    writeFileSync(join(dataDir, 'crm.lock'), String(process.pid));
    const cli = new URL('../src/backup/cli.ts', import.meta.url).pathname;
    const env = { ...process.env, CRM_DATA_DIR: dataDir, DATABASE_URL: '' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', cli, 'backup', join(dir, 'x.gz')], { env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`in use by process ${process.pid}`);
    expect(run.stderr).toContain('POST /api/v1/admin/backups');
    expect(existsSync(join(dir, 'x.gz'))).toBe(false);
    const usage = spawnSync(process.execPath, ['--import', 'tsx', cli], { env, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stdout).toContain('npm run crm -- restore FILE [--force]');
  });
});
