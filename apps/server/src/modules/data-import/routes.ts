import { importOptionsSchema, importSettingsSchema, type DedupeKey, type ImportOptions, type ObjectMetadata } from '@crm/schema';
import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import type { AccessContext, Engine } from '../../engine/index.js';
import { defuse } from '../../engine/records/export/columns.js';
import { fieldAccess, mayAssignOwner, requireScope } from '../../engine/permissions/access.js';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { ApiError, badRequest, notFound, parseInput } from '../../http/errors.js';
import { offeredKeys } from './dedupe.js';
import { baseField } from './field-parts.js';
import { USERS, usersImportObject } from './users/users-object.js';
import { FileTooLarge, storeUpload } from './file-store.js';
import { assertEditable, optionsOf, toSummary, type ImportRow } from './import-store.js';
import { registerTemplateRoutes } from './templates.js';
import { checkValueSettings, valueColumns } from './value-columns.js';
import { previewRows, firstRows } from './preview.js';
import { listPlaceholders } from './placeholders.js';
import { HISTORY_FIELDS, importableFields, proposeMapping, type Mapping } from './propose-mapping.js';
import { detectEncoding, detectFormat, headerOf } from './read-rows.js';

export interface ImportRoutesDeps {
  db: Kysely<Database>;
  engine: Engine;
  maxBytes: number;
  /** Hands an import to the background worker (pg-boss). */
  enqueue(id: string): Promise<void>;
}

const idParams = z.object({ id: z.uuid() });

/** Imports are seen and acted on by the user who started them, and by administrators. */
async function loadImport(db: Kysely<Database>, request: FastifyRequest): Promise<{ imp: ImportRow; ctx: AccessContext }> {
  const ctx = requireAccess(request);
  const { id } = parseInput(idParams, request.params);
  const imp = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!imp || (imp.created_by !== ctx.userId && !ctx.permissions.admin)) throw notFound(`import ${id}`);
  return { imp, ctx };
}

/** A mapping must name importable fields the user may write, and columns the file has. */
function checkMapping(meta: ObjectMetadata, mapping: Mapping, headers: string[], ctx: AccessContext, constants: Record<string, unknown> = {}) {
  const importable = new Set(importableFields(meta).map((f) => f.name));
  for (const [name, column] of Object.entries(mapping)) {
    const path = `mapping.${name}`;
    if (!importable.has(name)) throw badRequest(`${meta.name} has no importable field '${name}'`, [{ path, message: 'unknown field' }]);
    if (HISTORY_FIELDS.has(name) && !ctx.permissions.admin) throw new ApiError('forbidden', `only administrators may import ${name}`, [{ path, message: 'historical system dates are for administrators' }]);
    if (!HISTORY_FIELDS.has(name) && fieldAccess(ctx, meta.name, baseField(name)) !== 'write') throw new ApiError('forbidden', `you may not write ${name}`, [{ path, message: 'field is read-only for you' }]);
    if (column >= headers.length) throw badRequest(`the file has no column ${column + 1}`, [{ path, message: `column must be below ${headers.length}` }]);
  }
  for (const field of meta.fields) {
    if (field.required && !field.system && !field.archived && field.defaultValue === undefined && !(field.name in mapping) && !(field.name in constants)) {
      throw badRequest(`required field ${field.name} is not mapped to a column`, [{ path: `mapping.${field.name}`, message: 'required field is not mapped' }]);
    }
  }
}

/** Dedupe keys must be ones the object's fields allow (name_company needs a company field). */
function checkKeys(meta: ObjectMetadata, keys: string[]) {
  const offered = offeredKeys(meta);
  keys.forEach((key, i) => {
    if (!offered.includes(key as never)) throw badRequest(`${meta.name} cannot be deduplicated on ${key}`, [{ path: `options.dedupe.keys.${i}`, message: `use one of: ${offered.join(', ')}` }]);
  });
}

async function checkOwner(db: Kysely<Database>, meta: ObjectMetadata, ownerId: string | null | undefined, ctx: AccessContext, path = 'options.ownerId') {
  if (ownerId === undefined) return;
  if (ownerId !== null) {
    const user = await db.selectFrom('users').select('id').where('id', '=', ownerId).where('active', '=', true).executeTakeFirst();
    if (!user) throw badRequest('no such active user', [{ path, message: 'no such active user' }]);
  }
  if (!mayAssignOwner(ctx, requireScope(ctx, meta.name, 'create'), ownerId)) throw new ApiError('forbidden', 'you may not assign this owner', [{ path, message: 'owner outside your scope' }]);
}

export function registerImportRoutes(app: FastifyInstance, deps: ImportRoutesDeps) {
  const { db, engine } = deps;

  const objectOf = async (name: string) => {
    if (name === USERS) return usersImportObject;
    await engine.metadata.ensureFresh();
    if (!engine.metadata.has(name)) throw badRequest(`no object '${name}'`, [{ path: 'object', message: 'unknown object' }]);
    return engine.metadata.get(name);
  };

  // The file arrives as the raw request body and streams into the database chunk by chunk, so a
  // 100 MB file never sits in memory and the 10 MB JSON limit does not apply.
  app.register(async (scope) => {
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post('/api/v1/imports', async (request, reply) => {
      const ctx = requireAccess(request);
      const query = parseInput(z.object({ object: z.string().min(1).max(60), fileName: z.string().trim().min(1).max(255) }), request.query);
      const meta = await objectOf(query.object);
      requireScope(ctx, meta.name, 'create');
      if (meta.name === USERS && !ctx.permissions.admin) throw new ApiError('forbidden', 'only administrators may import users', [{ path: 'object', message: 'users are imported by administrators' }]);
      const imp = await db
        .insertInto('imports')
        .values({ object: meta.name, status: 'uploading', file_name: query.fileName, format: 'csv', created_by: ctx.userId!, headers: '[]', mapping: '{}', options: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      try {
        const { size, head } = await storeUpload(db, imp.id, request.body as Readable, deps.maxBytes);
        if (!size) throw badRequest('the file is empty', [{ path: 'file', message: 'is empty' }]);
        const format = detectFormat(head, query.fileName);
        const encoding = format === 'csv' ? detectEncoding(head) : null;
        let rows;
        try {
          rows = await firstRows(db, { id: imp.id, format, encoding }, 2);
        } catch (error) {
          throw badRequest(`the file cannot be read as ${format.toUpperCase()}: ${(error as Error).message}`, [{ path: 'file', message: `not a readable ${format.toUpperCase()} file` }]);
        }
        const { headers, headerRows } = headerOf(rows, format);
        if (!headers.some(Boolean)) throw badRequest('the file has no header row', [{ path: 'file', message: 'no header row' }]);
        const mapping = proposeMapping(meta, headers, (o) => (engine.metadata.has(o) ? engine.metadata.get(o) : undefined), { history: Boolean(ctx.permissions.admin) });
        // With an external id column, running the same export again updates its records.
        const options = importOptionsSchema.parse({ dedupe: { policy: 'external_id' in mapping ? 'update' : 'skip', keys: defaultKeys(meta, mapping) } });
        const row = await db
          .updateTable('imports')
          .set({ status: 'uploaded', format, encoding, file_size: size, headers: JSON.stringify(headers), header_rows: headerRows, mapping: JSON.stringify(mapping), options: JSON.stringify(options) })
          .where('id', '=', imp.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return reply.status(201).send({ data: toSummary(row), preview: await previewRows(db, engine, row, meta, ctx), ...describeObject(meta) });
      } catch (error) {
        await db.deleteFrom('imports').where('id', '=', imp.id).execute();
        if (error instanceof FileTooLarge) throw badRequest(error.message, [{ path: 'file', message: `at most ${Math.round(deps.maxBytes / 1048576)} MB` }]);
        throw error;
      }
    });
  });

  app.get('/api/v1/imports', async (request) => {
    const ctx = requireAccess(request);
    const { object, limit } = parseInput(z.object({ object: z.string().max(60).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }), request.query);
    let query = db.selectFrom('imports').selectAll().where('status', '!=', 'uploading').orderBy('created_at', 'desc').limit(limit);
    if (object) query = query.where('object', '=', object);
    if (!ctx.permissions.admin) query = query.where('created_by', '=', ctx.userId!);
    return { data: (await query.execute()).map(toSummary) };
  });

  app.get('/api/v1/imports/:id', async (request) => {
    const { imp, ctx } = await loadImport(db, request);
    const { preview } = parseInput(z.object({ preview: z.enum(['true', 'false']).optional() }), request.query);
    const body: Record<string, unknown> = { data: toSummary(imp) };
    if (preview === 'true' && imp.status !== 'done' && imp.status !== 'undone') {
      const meta = await objectOf(imp.object);
      body.preview = await previewRows(db, engine, imp, meta, ctx);
      Object.assign(body, describeObject(meta));
    }
    return body;
  });

  app.patch('/api/v1/imports/:id', async (request) => {
    const { imp, ctx } = await loadImport(db, request);
    assertEditable(imp);
    const input = parseInput(importSettingsSchema, request.body);
    const meta = await objectOf(imp.object);
    const mapping = input.mapping ?? imp.mapping;
    const reread = await withEncoding(imp, input.options?.encoding);
    await checkSettings(meta, mapping, reread.headers, input.options ?? optionsOf(imp), ctx);
    const row = await saveSettings(reread, mapping, input.options);
    return { data: toSummary(row), preview: await previewRows(db, engine, row, meta, ctx) };
  });

  /** Distinct values of the select, owner and relation columns, with counts and proposed targets (the value-mapping step). */
  app.get('/api/v1/imports/:id/values', async (request) => {
    const { imp, ctx } = await loadImport(db, request);
    if (imp.status === 'done' || imp.status === 'undone') throw new ApiError('conflict', `the import is ${imp.status}`, [{ path: 'status', message: 'the file is gone' }]);
    const meta = await objectOf(imp.object);
    return { data: await valueColumns(db, engine, imp, meta, ctx) };
  });

  registerTemplateRoutes(app, { db, objectOf, loadImport: (request) => loadImport(db, request), checkSettings, saveSettings, preview: (row, meta, ctx) => previewRows(db, engine, row, meta, ctx) });

  async function checkSettings(meta: ObjectMetadata, mapping: Mapping, headers: string[], options: ImportOptions, ctx: AccessContext) {
    checkMapping(meta, mapping, headers, ctx, options.constants);
    checkKeys(meta, options.dedupe.keys);
    await checkOwner(db, meta, options.ownerId, ctx);
    if (options.constants.owner_id !== undefined) await checkOwner(db, meta, options.constants.owner_id as string | null, ctx, 'options.constants.owner_id');
    await checkValueSettings(db, engine, meta, options.values, options.constants, ctx, new Set(importableFields(meta).map((f) => f.name)));
  }

  /**
   * A CSV read in the encoding the user chose: its header is read again (the mapping keeps its
   * columns). An encoding iconv does not know is a 400 naming options.encoding.
   */
  async function withEncoding(imp: ImportRow, encoding: string | undefined): Promise<ImportRow> {
    if (!encoding || imp.format !== 'csv' || encoding.toLowerCase() === imp.encoding) return imp;
    if (!iconv.encodingExists(encoding)) throw badRequest(`unknown encoding '${encoding}'`, [{ path: 'options.encoding', message: 'unknown encoding' }]);
    const next = { ...imp, encoding: encoding.toLowerCase() };
    const { headers, headerRows } = headerOf(await firstRows(db, next, 2), 'csv');
    return db.updateTable('imports').set({ encoding: next.encoding, headers: JSON.stringify(headers), header_rows: headerRows }).where('id', '=', imp.id).returningAll().executeTakeFirstOrThrow();
  }

  /** New settings clear the last validation: it must run again. */
  async function saveSettings(imp: ImportRow, mapping: Mapping, options: ImportOptions | undefined) {
    return db.transaction().execute(async (trx) => {
      await trx.deleteFrom('import_rejects').where('import_id', '=', imp.id).execute();
      await trx.deleteFrom('import_warnings').where('import_id', '=', imp.id).execute();
      return trx
        .updateTable('imports')
        .set({ mapping: JSON.stringify(mapping), ...(options ? { options: JSON.stringify(options) } : {}), status: 'uploaded', validated: false, validated_rows: 0, rejected_count: 0, warning_count: 0, total_rows: null, error: null, updated_at: new Date() })
        .where('id', '=', imp.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  /** validate: check every row and list the rejects; run: validate (if not yet) and write. */
  for (const action of ['validate', 'run'] as const) {
    app.post(`/api/v1/imports/:id/${action}`, async (request, reply) => {
      const { imp, ctx } = await loadImport(db, request);
      const meta = await objectOf(imp.object);
      requireScope(ctx, meta.name, 'create');
      // A failed run (e.g. a database error) may be run again: it resumes from its checkpoint.
      const allowed = action === 'run' ? ['uploaded', 'validated', 'failed'] : ['uploaded', 'validated'];
      if (!allowed.includes(imp.status)) throw new ApiError('conflict', `the import is ${imp.status}`, [{ path: 'status', message: `cannot ${action} now` }]);
      checkMapping(meta, imp.mapping, imp.headers, ctx, optionsOf(imp).constants);
      const status = action === 'run' ? 'running' : imp.validated ? 'validated' : 'validating';
      const row = await db.updateTable('imports').set({ status, error: null, updated_at: new Date() }).where('id', '=', imp.id).where('status', '=', imp.status).returningAll().executeTakeFirst();
      if (!row) throw new ApiError('conflict', 'the import changed meanwhile', [{ path: 'status', message: 'reload' }]);
      if (status !== 'validated') await deps.enqueue(imp.id);
      return reply.status(202).send({ data: toSummary(row) });
    });
  }

  app.post('/api/v1/imports/:id/undo', async (request, reply) => {
    const { imp } = await loadImport(db, request);
    if (imp.object === USERS) throw new ApiError('conflict', 'imported users cannot be undone: deactivate them instead', [{ path: 'object', message: 'users stay; deactivate them' }]);
    // A failed import may have written some batches: undo rolls those back.
    if (imp.status !== 'done' && imp.status !== 'failed') throw new ApiError('conflict', `only a finished or failed import can be undone (it is ${imp.status})`, [{ path: 'status', message: 'not done' }]);
    const row = await db.updateTable('imports').set({ status: 'undoing', error: null, updated_at: new Date() }).where('id', '=', imp.id).where('status', '=', imp.status).returningAll().executeTakeFirst();
    if (!row) throw new ApiError('conflict', 'the import changed meanwhile', [{ path: 'status', message: 'reload' }]);
    await deps.enqueue(imp.id);
    return reply.status(202).send({ data: toSummary(row) });
  });

  app.get('/api/v1/imports/:id/rejects', async (request) => {
    const { imp } = await loadImport(db, request);
    const { limit } = parseInput(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }), request.query);
    const rows = await db.selectFrom('import_rejects').select(['row_number', 'reason', 'cells']).where('import_id', '=', imp.id).orderBy('row_number').limit(limit).execute();
    return { data: rows.map((r) => ({ row: r.row_number + imp.header_rows, reason: r.reason, cells: r.cells })) };
  });

  /** The placeholder records the import made (object, id, name), as long as it is not undone. */
  app.get('/api/v1/imports/:id/placeholders', async (request) => {
    const { imp } = await loadImport(db, request);
    const { limit } = parseInput(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }), request.query);
    return { data: await listPlaceholders(db, engine, imp.id, limit) };
  });

  app.get('/api/v1/imports/:id/warnings', async (request) => {
    const { imp } = await loadImport(db, request);
    const { limit } = parseInput(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }), request.query);
    const rows = await db.selectFrom('import_warnings').select(['row_number', 'warning']).where('import_id', '=', imp.id).orderBy('row_number').limit(limit).execute();
    return { data: rows.map((r) => ({ row: r.row_number + imp.header_rows, warning: r.warning })) };
  });

  // Every rejected row with its reason and original cells, streamed page by page (UTF-8 with BOM so Excel reads Chinese).
  app.get('/api/v1/imports/:id/rejects.csv', async (request, reply) => {
    const { imp, ctx } = await loadImport(db, request);
    const zh = ctx.locale !== 'en';
    const csv = stringify({ bom: true });
    // The file's own headers and cells go back out: text a spreadsheet would run as a formula is defused.
    const safe = (cells: unknown[]) => cells.map((c) => (typeof c === 'string' ? defuse(c) : c));
    csv.write([zh ? '行号' : 'Row', zh ? '原因' : 'Reason', ...safe(imp.headers)]);
    void (async () => {
      let after = 0;
      for (;;) {
        const { rows } = await sql<{ row_number: number; reason: string; cells: string[] }>`
          SELECT row_number, reason, cells FROM import_rejects WHERE import_id = ${imp.id} AND row_number > ${after} ORDER BY row_number LIMIT 5000`.execute(db);
        for (const r of rows) if (!csv.write([r.row_number + imp.header_rows, defuse(r.reason), ...safe(r.cells)])) await new Promise((ok) => csv.once('drain', ok));
        if (rows.length < 5000) break;
        after = rows[rows.length - 1].row_number;
      }
      csv.end();
    })().catch((error) => csv.destroy(error));
    const name = `${imp.file_name.replace(/\.[^.]+$/, '')}-rejected.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="rejected.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(csv);
  });
}

/** What the mapping step offers for an object: importable fields and dedupe keys. */
function describeObject(meta: ObjectMetadata) {
  return { fields: importableFields(meta), dedupeKeys: offeredKeys(meta) };
}

/**
 * Dedupe on the external id when its column is mapped (re-running an export updates, never
 * duplicates) and on email if an email column is mapped, else on phone, else name + company (or
 * name where there is no company field).
 */
function defaultKeys(meta: ObjectMetadata, mapping: Mapping): DedupeKey[] {
  const mapped = meta.fields.filter((f) => f.name in mapping);
  if ('external_id' in mapping) return ['external_id', ...defaultKeys(meta, Object.fromEntries(Object.entries(mapping).filter(([f]) => f !== 'external_id')))];
  if (mapped.some((f) => f.type === 'email')) return ['email'];
  if (mapped.some((f) => f.type === 'phone')) return ['phone'];
  if (!(meta.titleField in mapping)) return [];
  return offeredKeys(meta).includes('name_company') ? ['name_company'] : ['name'];
}
