import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { listParamsSchema, recordPayloadSchema, type FieldDefinition, type ObjectMetadata } from '@crm/schema';
import { fieldValueSchema } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MetadataRegistry } from '../engine/metadata/registry.js';
import { ApiError } from './errors.js';
import { ENGINE_PATHS } from '../engine/openapi-paths.js';

type JsonSchema = Record<string, unknown>;

const toJson = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

const errorSchema: JsonSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

function recordSchema(fields: FieldDefinition[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const f of fields.filter((x) => !x.archived)) {
    properties[f.name] = { ...toJson(f.name === 'id' ? z.uuid() : fieldValueSchema(f).nullable(), 'output'), description: `${f.label.zh} / ${f.label.en}` };
  }
  return { type: 'object', properties };
}

const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const errors = {
  400: { description: 'Invalid input; details name the field', ...json({ $ref: '#/components/schemas/Error' }) },
  401: { description: 'Not logged in', ...json({ $ref: '#/components/schemas/Error' }) },
  403: { description: 'Not permitted', ...json({ $ref: '#/components/schemas/Error' }) },
  404: { description: 'Not found or not visible to you', ...json({ $ref: '#/components/schemas/Error' }) },
};

function listParameters() {
  const shape = toJson(listParamsSchema) as { properties: Record<string, JsonSchema> };
  return Object.entries(shape.properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema: name === 'filter' ? { type: 'string', description: 'JSON filter: {"field","op","value"} or {"and"|"or": [...]}' } : schema,
  }));
}

function objectPaths(meta: ObjectMetadata) {
  const tag = meta.name;
  const ref = { $ref: `#/components/schemas/${meta.name}` };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  const create = toJson(recordPayloadSchema(meta.fields, 'create'));
  const update = toJson(recordPayloadSchema(meta.fields, 'update'));
  return {
    schema: recordSchema(meta.fields),
    paths: {
      [`/api/v1/${meta.name}`]: {
        get: { tags: [tag], summary: `List ${meta.pluralLabel.en} (${meta.pluralLabel.zh})`, parameters: listParameters(), responses: { 200: json({ type: 'object', properties: { data: { type: 'array', items: ref }, nextCursor: { type: ['string', 'null'] }, total: { type: 'integer' } } }), ...errors } },
        post: { tags: [tag], summary: `Create a ${meta.label.en}`, requestBody: { required: true, ...json(create) }, responses: { 201: json({ type: 'object', properties: { data: ref } }), ...errors, 409: { description: 'Duplicate of a unique field' } } },
      },
      [`/api/v1/${meta.name}/{id}`]: {
        get: { tags: [tag], summary: `Get a ${meta.label.en}; include=related,timeline gives the 360° view`, parameters: [idParam, { name: 'include', in: 'query', schema: { type: 'string' } }], responses: { 200: json({ type: 'object', properties: { data: ref } }), ...errors } },
        patch: { tags: [tag], summary: `Update a ${meta.label.en}; send version (or If-Match) to detect concurrent edits`, parameters: [idParam], requestBody: { required: true, ...json(update) }, responses: { 200: json({ type: 'object', properties: { data: ref } }), ...errors, 409: { description: 'Version conflict' } } },
        delete: { tags: [tag], summary: 'Move to the recycle bin', parameters: [idParam], responses: { 204: { description: 'Deleted' }, ...errors } },
      },
      [`/api/v1/${meta.name}/{id}/restore`]: { post: { tags: [tag], summary: 'Restore from the recycle bin', parameters: [idParam], responses: { 200: json({ type: 'object', properties: { data: ref } }), ...errors } } },
      [`/api/v1/${meta.name}/deleted`]: { get: { tags: [tag], summary: 'Recycle bin', parameters: listParameters(), responses: { 200: { description: 'Deleted records' } } } },
      [`/api/v1/${meta.name}/aggregate`]: {
        get: {
          tags: [tag],
          summary: 'Grouped counts and sums over matching records (groupBy=stage or date:month; metrics=count,sum:amount)',
          parameters: [
            { name: 'groupBy', in: 'query', schema: { type: 'string' } },
            { name: 'metrics', in: 'query', schema: { type: 'string', default: 'count' } },
            ...listParameters().filter((p) => p.name === 'filter' || p.name === 'q'),
          ],
          responses: { 200: json({ type: 'object', properties: { data: { type: 'array', items: { type: 'object' } } } }), ...errors },
        },
      },
      [`/api/v1/${meta.name}/count`]: { get: { tags: [tag], summary: 'Count matching records', parameters: listParameters(), responses: { 200: json({ type: 'object', properties: { total: { type: 'integer' } } }) } } },
      [`/api/v1/${meta.name}/query`]: { post: { tags: [tag], summary: 'List with the parameters in a JSON body', requestBody: json(toJson(listParamsSchema)), responses: { 200: { description: 'Same as GET list' } } } },
      [`/api/v1/${meta.name}/export`]: { get: { tags: [tag], summary: 'Export the list (filter, q, sort, fields) as CSV or XLSX, streamed; needs the export permission; audited', parameters: [{ name: 'format', in: 'query', schema: { enum: ['csv', 'xlsx'], default: 'csv' } }, ...listParameters().filter((p) => !['limit', 'cursor', 'count'].includes(p.name))], responses: { 200: { description: 'text/csv (UTF-8 with BOM) or XLSX' }, ...errors } } },
      [`/api/v1/${meta.name}/bulk`]: {
        post: {
          tags: [tag],
          summary: 'Bulk create/update/delete/restore up to 1,000 records in one transaction',
          requestBody: json({
            oneOf: [
              { type: 'object', properties: { action: { const: 'create' }, rows: { type: 'array', items: create, maxItems: 1000 } } },
              { type: 'object', properties: { action: { const: 'update' }, rows: { type: 'array', items: update, maxItems: 1000 } } },
              { type: 'object', properties: { action: { enum: ['delete', 'restore'] }, ids: { type: 'array', items: { type: 'string', format: 'uuid' } } } },
            ],
          }),
          responses: { 200: { description: 'All rows written' }, ...errors },
        },
      },
    },
  };
}

const STATIC_PATHS = {
  '/api/health': { get: { tags: ['system'], summary: 'Health check', responses: { 200: json({ type: 'object', properties: { status: { const: 'ok' } } }) } } },
  '/api/auth/login': { post: { tags: ['auth'], summary: 'Log in; sets the session cookie', requestBody: json({ type: 'object', required: ['email', 'password'], properties: { email: { type: 'string' }, password: { type: 'string' } } }), responses: { 200: { description: 'Logged in' }, 401: { description: 'Wrong email or password' }, 429: { description: 'Too many failed logins' } } } },
  '/api/auth/logout': { post: { tags: ['auth'], summary: 'Log out', responses: { 204: { description: 'Logged out' } } } },
  '/api/auth/me': { get: { tags: ['auth'], summary: 'The current user and permissions', responses: { 200: { description: 'Current user' } } } },
  '/api/v1/search': { get: { tags: ['search'], summary: 'Global search (Chinese, pinyin, email, phone) over records you may read', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Hits' } } } },
  '/api/v1/views': {
    get: { tags: ['views'], summary: 'My saved list views', parameters: [{ name: 'object', in: 'query', required: false, schema: { type: 'string' } }], responses: { 200: { description: '{data: [{id, object, name, config}]}' } } },
    post: { tags: ['views'], summary: 'Save a list view', requestBody: json({ type: 'object', required: ['object', 'name', 'config'], properties: { object: { type: 'string' }, name: { type: 'string' }, config: { type: 'object' } } }), responses: { 201: { description: 'Saved' } } },
  },
  '/api/v1/views/{id}': { delete: { tags: ['views'], summary: 'Delete one of my saved views', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 204: { description: 'Deleted' }, 404: { description: 'No such view of yours' } } } },
  '/api/v1/audit-log': { get: { tags: ['audit'], summary: 'Audit log (administrators): who changed what, when, from which value to which', responses: { 200: { description: 'Entries, newest first' }, 403: { description: 'Not an administrator' } } } },
  '/api/v1/meta/objects': { get: { tags: ['metadata'], summary: 'Objects and fields (custom fields included)', responses: { 200: { description: 'Metadata' } } } },
};

/** Paths of module routes (use cases beyond CRUD), added by each module when it registers its routes. */
const MODULE_PATHS: Record<string, unknown> = {};
export function addApiPaths(paths: Record<string, unknown>) {
  Object.assign(MODULE_PATHS, paths);
}
export const apiErrors = errors;


export function buildOpenApiDocument(metadata: MetadataRegistry) {
  const schemas: Record<string, JsonSchema> = { Error: errorSchema };
  // Merged method by method: a module may add PATCH to a path whose GET is documented elsewhere.
  const paths: Record<string, Record<string, unknown>> = {};
  for (const part of [STATIC_PATHS, ENGINE_PATHS, MODULE_PATHS]) {
    for (const [path, ops] of Object.entries(part)) paths[path] = { ...paths[path], ...(ops as Record<string, unknown>) };
  }
  for (const meta of metadata.list()) {
    const built = objectPaths(meta);
    schemas[meta.name] = built.schema;
    Object.assign(paths, built.paths);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'CRM API', version: '1.0.0', description: 'Every object has the same routes, generated from its metadata. Authenticate with the session cookie or `Authorization: Bearer <API key>`.' },
    components: {
      schemas,
      securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'crm_session' }, bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ cookie: [] }, { bearer: [] }],
    paths,
  };
}

/** /api/openapi.json and the browsable docs at /api/docs, rebuilt from live metadata on each request. */
export async function registerApiDocs(app: FastifyInstance, metadata: MetadataRegistry) {
  // Only a placeholder: every reader gets a fresh document from transformSpecification. Building the
  // real one here cost ~0.6 s of CPU on every start for a copy nobody reads.
  await app.register(swagger, { mode: 'static', specification: { document: { openapi: '3.1.0', info: { title: 'CRM API', version: '1.0.0' }, paths: {} } } });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // The browsable docs (and their copy of the document) are for signed-in users and API keys.
    uiHooks: {
      onRequest: async (request) => {
        if (!request.user) throw new ApiError('unauthorized', 'log in to read the API documentation');
      },
    },
    transformSpecification: () => buildOpenApiDocument(metadata),
    transformSpecificationClone: false,
  });
  app.get('/api/openapi.json', async () => {
    await metadata.ensureFresh();
    return buildOpenApiDocument(metadata);
  });
}
