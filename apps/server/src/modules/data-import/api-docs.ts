import { importBatchAddSchema, importBatchCreateSchema, importSettingsSchema } from '@crm/schema';
import { z } from 'zod';
import { addApiPaths } from '../../http/openapi.js';

const tags = ['imports'];
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const ok = (description: string) => ({ description });
const errors = { 400: ok('Invalid input; details name the field'), 403: ok('Not permitted'), 404: ok('No such import of yours'), 409: ok('Not possible in the current status') };

/** The import routes in the OpenAPI document. */
export function documentImportRoutes() {
  addApiPaths({
    '/api/v1/imports': {
      post: {
        tags, summary: 'Upload a CSV or XLSX file (raw request body) for an object; answers the proposed mapping and a preview',
        parameters: [{ name: 'object', in: 'query', required: true, schema: { type: 'string' } }, { name: 'fileName', in: 'query', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: { type: 'string' } } } },
        responses: { 201: ok('{data: import, preview, fields}'), ...errors },
      },
      get: { tags, summary: 'Past imports (yours; all for administrators)', parameters: [{ name: 'object', in: 'query', schema: { type: 'string' } }], responses: { 200: ok('{data: [import]}') } },
    },
    '/api/v1/imports/{id}': {
      get: { tags, summary: 'An import and its progress; indexing: {status, searchable, done, total} while a large import’s search terms (first; then searchable) and duplicate keys are built after it is done (?preview=true adds the first rows as they will be stored)', parameters: [id], responses: { 200: ok('{data: import}'), ...errors } },
      patch: { tags, summary: 'Set the column → field mapping and the options (dedupe policy and keys, create missing relations, owner)', parameters: [id], requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(importSettingsSchema, { io: 'input', unrepresentable: 'any' }) } } }, responses: { 200: ok('{data: import, preview}'), ...errors } },
    },
    '/api/v1/imports/{id}/validate': { post: { tags, summary: 'Check every row in the background; rejects are listed before anything is written', parameters: [id], responses: { 202: ok('Started'), ...errors } } },
    '/api/v1/imports/{id}/run': { post: { tags, summary: 'Validate (if not yet) and write in the background, resumable after a restart', parameters: [id], responses: { 202: ok('Started'), ...errors } } },
    '/api/v1/imports/{id}/undo': { post: { tags, summary: 'Delete the records the import created and restore those it updated', parameters: [id], responses: { 202: ok('Started'), ...errors } } },
    '/api/v1/imports/{id}/rejects': { get: { tags, summary: 'Rejected rows with their reason', parameters: [id], responses: { 200: ok('{data: [{row, reason, cells}]}'), ...errors } } },
    '/api/v1/imports/{id}/placeholders': { get: { tags, summary: 'Records "create missing relations" made for relation cells nothing matched (until the import is undone)', parameters: [id], responses: { 200: ok('{data: [{object, id, name}]}'), ...errors } } },
    '/api/v1/imports/{id}/warnings': { get: { tags, summary: 'Rows that went in with a warning (a phone that is no number, kept as written)', parameters: [id], responses: { 200: ok('{data: [{row, warning}]}'), ...errors } } },
    '/api/v1/imports/{id}/values': { get: { tags, summary: 'Distinct values of every mapped select, stage, owner and relation column, with counts and a proposed target', parameters: [id], responses: { 200: ok('{data: {field: [{value, count, proposed}]}}'), ...errors } } },
    '/api/v1/imports/{id}/template': {
      post: { tags, summary: 'Apply a saved import template (columns found by header name)', parameters: [id], requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(z.object({ templateId: z.uuid() }).strict()) } } }, responses: { 200: ok('{data: import, preview}'), ...errors } },
    },
    '/api/v1/import-templates': {
      get: { tags, summary: 'Saved import templates of an object', parameters: [{ name: 'object', in: 'query', required: true, schema: { type: 'string' } }], responses: { 200: ok('{data: [template]}'), ...errors } },
      post: { tags, summary: 'Save an import’s mapping, value mapping and constants as a template', requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(z.object({ importId: z.uuid(), name: z.string().min(1).max(100) }).strict()) } } }, responses: { 201: ok('{data: template}'), ...errors } },
    },
    '/api/v1/import-templates/{id}': { delete: { tags, summary: 'Delete a template', parameters: [id], responses: { 204: ok('Deleted'), ...errors } } },
    '/api/v1/import-batches': {
      post: { tags, summary: 'Start a batch of several files imported in order (the files it means to import)', requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(importBatchCreateSchema) } } }, responses: { 201: ok('{data: batch}'), ...errors } },
      get: { tags, summary: 'Recent import batches (yours; all for administrators), each with its imports', parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }], responses: { 200: ok('{data: [batch]}') } },
    },
    '/api/v1/import-batches/{id}': { get: { tags, summary: 'A batch with each import’s state and counts, in the order they ran', parameters: [id], responses: { 200: ok('{data: batch}'), ...errors } } },
    '/api/v1/import-batches/{id}/imports': { post: { tags, summary: 'Add an import (of the batch’s creator, in no other batch) to the batch', parameters: [id], requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(importBatchAddSchema) } } }, responses: { 200: ok('{data: batch}'), ...errors } } },
    '/api/v1/import-batches/{id}/undo': { post: { tags, summary: 'Undo every import of the batch, last first, in the background; refused while one still runs', parameters: [id], responses: { 202: ok('{data: batch}'), ...errors } } },
    '/api/v1/imports/{id}/rejects.csv': { get: { tags, summary: 'Every rejected row with its reason, as CSV', parameters: [id], responses: { 200: ok('CSV (UTF-8 with BOM)'), ...errors } } },
  });
}
