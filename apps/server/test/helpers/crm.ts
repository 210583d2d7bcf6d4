import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { forgetAccessContexts } from '../../src/accounts/access-context.js';
import { ensureFirstAdmin, roleId } from '../../src/accounts/bootstrap.js';
import { hashPassword } from '../../src/accounts/passwords.js';
import { createSession, createApiKey } from '../../src/accounts/sessions.js';
import { createCrm, type Crm } from '../../src/server.js';

export const PASSWORD = 'secret-pass-1';
export const ADMIN_EMAIL = 'admin@test.local';

/** One argon2 hash shared by every user the helpers insert (hashing costs ~50 ms each). */
let passwordHash: Promise<string> | undefined;
const sharedHash = () => (passwordHash ??= hashPassword(PASSWORD));

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  text: string;
}

/** A logged-in (or anonymous) HTTP client over app.inject: real routing, real SQL, no sockets. */
export class Client {
  constructor(
    readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
    readonly userId: string | null = null,
  ) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const raw = typeof body === 'string';
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: { ...this.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: raw ? (body as string) : JSON.stringify(body) } : {}),
    });
    let parsed: unknown = undefined;
    if (String(res.headers['content-type'] ?? '').includes('json') && res.body) parsed = JSON.parse(res.body);
    return { status: res.statusCode, body: parsed as T, headers: res.headers, text: res.body };
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body ?? {}, headers);
  }
  patch<T = any>(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', url, body, headers);
  }
  delete<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', url, undefined, headers);
  }

  /** Creates a record and returns it, failing loudly if the API refused. */
  async create(object: string, values: Record<string, unknown>): Promise<Record<string, any>> {
    const res = await this.post(`/api/v1/${object}`, values);
    if (res.status !== 201) throw new Error(`create ${object} → ${res.status} ${res.text}`);
    return res.body.data;
  }

  /** Lists with query parameters; objects (filter) are sent as JSON. */
  list(object: string, params: Record<string, unknown> = {}) {
    return this.get(`/api/v1/${object}?${qs(params)}`);
  }
}

export function qs(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined) search.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return search.toString();
}

export interface TestUser {
  id: string;
  email: string;
  client: Client;
}

export interface TestCrm {
  crm: Crm;
  app: FastifyInstance;
  anon: Client;
  admin: TestUser;
  createTeam(name: string, parentId?: string | null): Promise<string>;
  createRole(key: string, permissions: unknown): Promise<string>;
  /** Inserts a user (shared password hash) and returns a client with a fresh session cookie. */
  createUser(options: { role: string; teamId?: string | null; email?: string; name?: string; locale?: string }): Promise<TestUser>;
  /** A client authenticated by a new API key of the user. */
  apiKeyClient(userId: string): Promise<Client & { keyId: string }>;
  close(): Promise<void>;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(3).toString('hex')}`;

/**
 * Builds the whole app with createCrm: in-memory PGlite by default, or, when TEST_DATABASE_URL is
 * set, that PostgreSQL server in a fresh schema (plus its pg-boss schema) dropped on close, so
 * parallel runs never see each other's rows.
 */
export async function startTestCrm(options: { jobs?: boolean } = {}): Promise<TestCrm> {
  const url = process.env.TEST_DATABASE_URL;
  const schema = url ? `t_${unique()}` : undefined;
  if (url) await prepareServer(url);
  const crm = await createCrm({ database: url ? { url, schema, poolSize: 5 } : { template: await pgliteTemplate() }, jobs: options.jobs ?? false });
  const db = crm.handle.db;
  await ensureFirstAdmin(db, ADMIN_EMAIL, PASSWORD);
  const adminRow = await db.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow();

  const sessionClient = async (userId: string) =>
    new Client(crm.app, { cookie: `crm_session=${await createSession(db, userId)}` }, userId);

  const t: TestCrm = {
    crm,
    app: crm.app,
    anon: new Client(crm.app),
    admin: { id: adminRow.id, email: ADMIN_EMAIL, client: await sessionClient(adminRow.id) },
    async createTeam(name, parentId = null) {
      const team = await db.insertInto('teams').values({ name, parent_id: parentId }).returning('id').executeTakeFirstOrThrow();
      forgetAccessContexts();
      return team.id;
    },
    async createRole(key, permissions) {
      const res = await t.admin.client.post('/api/v1/roles', { key, nameZh: key, nameEn: key, permissions });
      if (res.status !== 201) throw new Error(`create role → ${res.status} ${res.text}`);
      return res.body.data.id;
    },
    async createUser({ role, teamId = null, email, name, locale = 'zh-CN' }) {
      const roleKeyOrId = /^[0-9a-f-]{36}$/.test(role) ? role : await roleId(db, role);
      const address = email ?? `u${unique()}@test.local`;
      const user = await db
        .insertInto('users')
        .values({ email: address, name: name ?? address, password_hash: await sharedHash(), role_id: roleKeyOrId, team_id: teamId, locale, active: true })
        .returning('id')
        .executeTakeFirstOrThrow();
      forgetAccessContexts();
      return { id: user.id, email: address, client: await sessionClient(user.id) };
    },
    async apiKeyClient(userId) {
      const key = await createApiKey(db, userId, 'test');
      return Object.assign(new Client(crm.app, { authorization: `Bearer ${key.key}` }, userId), { keyId: key.id });
    },
    async close() {
      await crm.close();
      if (url && schema) await dropSchemas(url, [schema, `${schema}_boss`]);
    },
  };
  return t;
}

/**
 * The dump made by global-setup.ts (a file run without it has none). Also seeds a new
 * PGlite data folder (`createCrm({ database: { dataDir, template } })`): no initdb, no migrations.
 */
export async function pgliteTemplate(): Promise<Blob | undefined> {
  const file = inject('pgliteTemplate');
  return file ? new Blob([await readFile(file)]) : undefined;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** pg_trgm must live in public: created from a test schema it would be dropped with that schema. */
async function prepareServer(url: string) {
  await withClient(url, async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
        return;
      } catch (error) {
        // Two test files creating it at once: one loses the race; the extension then exists.
        if (attempt >= 3) throw error;
      }
    }
  });
}

async function dropSchemas(url: string, schemas: string[]) {
  await withClient(url, async (client) => {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  });
}
