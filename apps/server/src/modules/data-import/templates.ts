import { importOptionsSchema, type ImportOptions, type ObjectMetadata } from '@crm/schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database, ImportTemplatesTable } from '../../db/types.js';
import type { AccessContext } from '../../engine/index.js';
import { requireScope } from '../../engine/permissions/access.js';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { ApiError, notFound, parseInput } from '../../http/errors.js';
import { assertEditable, toSummary, type ImportRow } from './import-store.js';
import { importableFields, normalizeHeader, type Mapping } from './propose-mapping.js';

interface TemplateDeps {
  db: Kysely<Database>;
  objectOf(name: string): Promise<ObjectMetadata>;
  loadImport(request: FastifyRequest): Promise<{ imp: ImportRow; ctx: AccessContext }>;
  checkSettings(meta: ObjectMetadata, mapping: Mapping, headers: string[], options: ImportOptions, ctx: AccessContext): Promise<void>;
  saveSettings(imp: ImportRow, mapping: Mapping, options: ImportOptions): Promise<ImportRow>;
  preview(row: ImportRow, meta: ObjectMetadata, ctx: AccessContext): Promise<unknown>;
}

type Template = Selectable<ImportTemplatesTable>;
const toApi = (t: Template) => ({ id: t.id, object: t.object, name: t.name, mapping: t.mapping, options: t.options, createdBy: t.created_by, updatedAt: new Date(t.updated_at).toISOString() });

/**
 * Import templates: an import's mapping (kept by column header, so the next file from the same
 * system may order its columns differently), value mapping, constants and dedupe settings, saved
 * per object under a name and applied to a new upload in one step. Everyone who may create the
 * object sees its templates; the author or an administrator deletes one.
 */
export function registerTemplateRoutes(app: FastifyInstance, deps: TemplateDeps) {
  const { db } = deps;

  app.get('/api/v1/import-templates', async (request) => {
    const ctx = requireAccess(request);
    const { object } = parseInput(z.object({ object: z.string().min(1).max(60) }), request.query);
    const meta = await deps.objectOf(object);
    requireScope(ctx, meta.name, 'create');
    const rows = await db.selectFrom('import_templates').selectAll().where('object', '=', meta.name).orderBy('name').execute();
    return { data: rows.map(toApi) };
  });

  // Saves the settings of an import as a template (a template of the same name is replaced).
  app.post('/api/v1/import-templates', async (request, reply) => {
    const input = parseInput(z.object({ importId: z.uuid(), name: z.string().trim().min(1).max(100) }).strict(), request.body);
    const { imp, ctx } = await deps.loadImport({ ...request, params: { id: input.importId } } as FastifyRequest);
    const byHeader = Object.fromEntries(Object.entries(imp.mapping).map(([field, column]) => [field, imp.headers[column] ?? '']).filter(([, h]) => h));
    const options = importOptionsSchema.parse(imp.options ?? {});
    const values = { object: imp.object, name: input.name, mapping: JSON.stringify(byHeader), options: JSON.stringify(options), created_by: ctx.userId!, updated_at: new Date() };
    const row = await db
      .insertInto('import_templates')
      .values(values)
      .onConflict((oc) => oc.columns(['object', 'name']).doUpdateSet({ mapping: values.mapping, options: values.options, updated_at: values.updated_at }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return reply.status(201).send({ data: toApi(row) });
  });

  app.delete('/api/v1/import-templates/:id', async (request, reply) => {
    const ctx = requireAccess(request);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    const row = await db.selectFrom('import_templates').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`import template ${id}`);
    if (row.created_by !== ctx.userId && !ctx.permissions.admin) throw new ApiError('forbidden', 'only its author or an administrator may delete a template', [{ path: 'id', message: 'not yours' }]);
    await db.deleteFrom('import_templates').where('id', '=', id).execute();
    return reply.status(204).send();
  });

  // Applies a template to an uploaded file: columns found by header (case, spaces and punctuation ignored).
  app.post('/api/v1/imports/:id/template', async (request) => {
    const { imp, ctx } = await deps.loadImport(request);
    assertEditable(imp);
    const { templateId } = parseInput(z.object({ templateId: z.uuid() }).strict(), request.body);
    const template = await db.selectFrom('import_templates').selectAll().where('id', '=', templateId).where('object', '=', imp.object).executeTakeFirst();
    if (!template) throw notFound(`import template ${templateId}`);
    const meta = await deps.objectOf(imp.object);
    const headers = imp.headers.map(normalizeHeader);
    const mapping: Mapping = {};
    const unmatched: string[] = [];
    for (const [field, header] of Object.entries(template.mapping)) {
      const column = headers.indexOf(normalizeHeader(header));
      if (column >= 0 && importableFields(meta).some((f) => f.name === field)) mapping[field] = column;
      else unmatched.push(header);
    }
    const options = importOptionsSchema.parse(template.options ?? {});
    await deps.checkSettings(meta, mapping, imp.headers, options, ctx);
    const row = await deps.saveSettings(imp, mapping, options);
    return { data: toSummary(row), preview: await deps.preview(row, meta, ctx), unmatched };
  });
}
