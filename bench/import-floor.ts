/**
 * The floor under an import on PostgreSQL: COPY of N contacts whose search lexemes and match keys
 * were computed beforehand, so no application work is timed, only the database writing rows and
 * index entries. Run on a quiet machine: npm run bench:import-floor -- [--n 1000000]
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createCrm } from '../apps/server/src/server.js';
import { ensureFirstAdmin } from '../apps/server/src/accounts/bootstrap.js';
import { recordLexemes } from '../apps/server/src/engine/search/terms.js';
import { buildAccessContext } from '../apps/server/src/accounts/access-context.js';
import { matchKeys } from '../apps/server/src/modules/duplicates/match-keys.js';
import { DEFAULT_RULES } from '../apps/server/src/modules/duplicates/rules.js';
import { generatedContact } from './generated-contacts.js';

const arg = (name: string, fallback: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const n = Number(arg('n', '200000'));
const DB = 'crm_import_floor';
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`);
const tsv = (v: unknown) => (v === null || v === undefined ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));
const lexemeLiteral = (lexemes: string[]) => lexemes.map((l) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' ');

async function write(file: string, lines: Iterable<string>) {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB}`);
await admin.end();
const crm = await createCrm({ database: { url: URL } });
await ensureFirstAdmin(crm.handle.db, 'floor@bench.local', 'floor-bench-1');
const user = await crm.handle.db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role_id', 'team_id']).executeTakeFirstOrThrow();
const ctx = await buildAccessContext(crm.handle.db, user);
const meta = await crm.engine.records.object('contacts');
const genders = meta.fields.find((f) => f.name === 'gender')!.options!;
const columns = ['id', 'name', 'company', 'title', 'mobile', 'email', 'gender', 'owner_id'];

// The values as the engine stores them (phone numbers normalised, options by value), their search
// lexemes and match keys: exactly what an import of these rows writes.
const t0 = Date.now();
const contacts: string[] = [];
const keys: string[] = [];
let terms = 0;
for (let k = 0; k < n; k++) {
  const c = generatedContact(k);
  const gender = genders.find((o) => o.label.zh === c.gender)!.value;
  const values = { id: randomUUID(), ...crm.engine.records.parseValues(meta, { ...c, gender, owner_id: user.id }, 'create', ctx) };
  const lexemes = recordLexemes(meta, values);
  terms += lexemes.length;
  contacts.push([...columns.map((col) => (values as Record<string, unknown>)[col]), user.id, user.id, lexemeLiteral(lexemes)].map(tsv).join('\t') + '\n');
  for (const key of matchKeys(DEFAULT_RULES.contacts, values)) keys.push(['contacts', key.rule, key.kind, key.value, values.id, user.id].map(tsv).join('\t') + '\n');
}
await crm.close();
await write('/tmp/floor-contacts.tsv', contacts);
await write('/tmp/floor-keys.tsv', keys);
console.log(`${n} contacts, ${(terms / n).toFixed(1)} search terms and ${(keys.length / n).toFixed(1)} match keys each; files written in ${Date.now() - t0} ms`);

const psql = (command: string) => {
  const started = Date.now();
  execFileSync('psql', [URL, '-v', 'ON_ERROR_STOP=1', '-qc', command], { stdio: ['ignore', 'ignore', 'inherit'] });
  return ((Date.now() - started) / 1000).toFixed(1);
};
const COPY_CONTACTS = `\\copy contacts (${columns.join(', ')}, created_by, updated_by, _search) FROM '/tmp/floor-contacts.tsv'`;
const COPY_KEYS = `\\copy duplicate_keys (object, rule, kind, value, record_id, owner_id) FROM '/tmp/floor-keys.tsv'`;
console.log(`COPY contacts, all indexes: ${psql(COPY_CONTACTS)} s`);
console.log(`COPY match keys, all indexes: ${psql(COPY_KEYS)} s`);
psql('TRUNCATE contacts CASCADE; TRUNCATE duplicate_keys');
const gin = execFileSync('psql', [URL, '-Atc', "select indexdef from pg_indexes where tablename = 'contacts' and indexdef like '%gin%_search%'"]).toString().trim();
psql(`DROP INDEX ${gin.match(/INDEX (\S+)/)![1]}`);
console.log(`COPY contacts, without the search index: ${psql(COPY_CONTACTS)} s`);
console.log(`building the search index afterwards: ${psql(gin)} s`);
psql('TRUNCATE contacts CASCADE');
const indexes = execFileSync('psql', [URL, '-Atc', "select indexname from pg_indexes where tablename = 'contacts' and indexname not like '%pkey'"]).toString().trim().split('\n');
psql(`DROP INDEX ${indexes.join(', ')}`);
console.log(`COPY contacts, primary key only (dropped ${indexes.join(', ')}): ${psql(COPY_CONTACTS)} s`);
