import { customFieldInputSchema, customFieldPatchSchema, fieldDefinitionSchema, objectDefinitionSchema } from '@crm/schema';
import { z } from 'zod';
import { ownerTransferSchema } from './records/owner-transfer.js';
import { dataResponse, failures, jsonBody, listOf, objectOf, pathParam, queryParams, uuidParam, zodJson } from '../http/openapi-parts.js';

const object = pathParam('object', { type: 'string', description: 'object name: customers, contacts, deals, leads, …' });
const field = pathParam('field', { type: 'string', description: 'field name, e.g. cf_budget' });
const fieldSchema = zodJson(fieldDefinitionSchema, 'output');
const timelineEntry = objectOf({ kind: { type: 'string' }, at: { type: 'string', format: 'date-time' }, object: { type: 'string' }, id: { type: 'string' } });

/** The engine's routes beyond object CRUD: metadata and custom-field administration, the 360° lists, the document itself. */
export const ENGINE_PATHS: Record<string, unknown> = {
  '/api/v1/admin/owner-transfer': {
    post: { tags: ['records'], summary: 'Move every live record of one user to another (administrators), across objects, in one audited transaction', requestBody: jsonBody(ownerTransferSchema), responses: { 200: dataResponse('Records moved per object'), ...failures } },
  },
  '/api/openapi.json': { get: { tags: ['system'], summary: 'This OpenAPI document, built from live metadata (custom fields included)', responses: { 200: { description: 'OpenAPI 3.1 document' } } } },
  '/api/v1/meta/objects/{object}': {
    get: { tags: ['metadata'], summary: 'One object with its fields as the current user may see them', parameters: [object], responses: { 200: dataResponse('Object', zodJson(objectDefinitionSchema, 'output')), ...failures } },
  },
  '/api/v1/meta/objects/{object}/fields': {
    post: { tags: ['metadata'], summary: 'Add a custom field (administrators); its column is created at once', parameters: [object], requestBody: jsonBody(customFieldInputSchema), responses: { 201: dataResponse('Field', fieldSchema), ...failures, 409: { description: 'A field of that name exists' } } },
  },
  '/api/v1/meta/objects/{object}/fields/{field}': {
    patch: { tags: ['metadata'], summary: 'Change a field’s label, options, default or required flag (administrators)', parameters: [object, field], requestBody: jsonBody(customFieldPatchSchema), responses: { 200: dataResponse('Field', fieldSchema), ...failures } },
    delete: {
      tags: ['metadata'],
      summary: 'Archive a custom field; purge=true&confirm=<field name> drops its column and data (administrators)',
      parameters: [object, field, ...queryParams(z.object({ purge: z.boolean().optional(), confirm: z.string().optional() }))],
      responses: { 200: dataResponse('Archived or purged field'), ...failures },
    },
  },
  '/api/v1/meta/objects/{object}/field-order': {
    post: { tags: ['metadata'], summary: 'Order the object’s fields in forms and details (administrators)', parameters: [object], requestBody: jsonBody(z.object({ names: z.array(z.string()).min(1) })), responses: { 200: dataResponse('Fields in the new order', listOf(fieldSchema)), ...failures } },
  },
  '/api/v1/{object}/{id}/related/{list}': {
    get: {
      tags: ['records'],
      summary: 'One related list of a record’s 360° view (e.g. a customer’s deals), with the rows the user may read',
      parameters: [object, uuidParam(), pathParam('list', { type: 'string', description: 'related list key, as in include=related' })],
      responses: { 200: { description: 'The list: {key, object, label, data, total}', content: { 'application/json': { schema: objectOf({ key: { type: 'string' }, object: { type: 'string' }, data: listOf({ type: 'object' }), total: { type: 'integer' } }) } } }, ...failures },
    },
  },
  '/api/v1/{object}/{id}/timeline': {
    get: { tags: ['records'], summary: 'A record’s timeline: activities, changes, automation and other events, newest first', parameters: [object, uuidParam()], responses: { 200: dataResponse('Timeline entries', listOf(timelineEntry)), ...failures } },
  },
};
