import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { parseListQuery } from '../../engine/records/routes.js';
import { badRequest, parseInput } from '../../http/errors.js';
import { addApiPaths, apiErrors } from '../../http/openapi.js';
import type { ModuleContext } from '../module.js';
import { exportVCards } from './export-vcards.js';
import { importVCards } from './import-vcards.js';

const VCARD_TYPES = ['text/vcard', 'text/x-vcard', 'text/directory', 'text/plain', 'application/octet-stream'];
const exportQuery = z.object({
  version: z.enum(['3.0', '4.0']).default('3.0'),
  /** A selection: comma-separated contact ids (otherwise the list parameters choose). */
  ids: z.string().regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i, 'comma-separated record ids').optional(),
});
const importQuery = z.object({ createCustomers: z.enum(['true', 'false']).default('true') });

export async function registerVCardRoutes(app: FastifyInstance, { engine, db }: ModuleContext) {
  await app.register(async (scope) => {
    // The .vcf file is the request body, as the browser or curl --data-binary sends it.
    scope.addContentTypeParser(VCARD_TYPES, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));

    scope.get('/api/v1/contacts/vcard', async (request, reply) => {
      const ctx = requireAccess(request);
      const { version, ids } = parseInput(exportQuery, request.query);
      const params = ids
        ? { limit: 500, filter: { field: 'id', op: 'in' as const, value: ids.split(',') } }
        : parseListQuery({ ...(request.query as object), version: undefined, ids: undefined });
      const cards = await exportVCards(engine, db, params, ctx, version);
      return reply
        .header('content-type', `text/vcard; charset=utf-8`)
        .header('content-disposition', `attachment; filename="contacts.vcf"`)
        .send(Readable.from(cards));
    });

    scope.post('/api/v1/contacts/vcard', async (request, reply) => {
      const ctx = requireAccess(request);
      const { createCustomers } = parseInput(importQuery, request.query);
      const body = request.body;
      const file = Buffer.isBuffer(body) ? body : typeof (body as { content?: unknown })?.content === 'string' ? Buffer.from((body as { content: string }).content) : null;
      if (!file?.length) throw badRequest('send the .vcf file as the body (text/vcard) or {"content": "…"}', [{ path: 'file', message: 'is required' }]);
      const result = await importVCards(engine, db, file, ctx, { createCustomers: createCustomers === 'true' });
      return reply.status(201).send({ data: result.contacts, customersCreated: result.customersCreated, customersLinked: result.customersLinked, warnings: result.warnings });
    });
  });

  addApiPaths({
    '/api/v1/contacts/vcard': {
      get: {
        tags: ['contacts'],
        summary: 'Export contacts as vCard (.vcf) 3.0 or 4.0: ids=… for a selection, otherwise the list parameters (filter, q, sort); needs the export permission; audited',
        parameters: [
          { name: 'version', in: 'query', schema: { enum: ['3.0', '4.0'], default: '3.0' } },
          { name: 'ids', in: 'query', schema: { type: 'string' } },
          { name: 'filter', in: 'query', schema: { type: 'string' } },
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { name: 'sort', in: 'query', schema: { type: 'string' } },
        ],
        responses: { 200: { description: 'text/vcard' }, ...apiErrors },
      },
      post: {
        tags: ['contacts'],
        summary: 'Import contacts from a .vcf file (vCard 2.1, 3.0, 4.0); ORG links to or creates the customer; phones are read in the company phone region, and numbers not readable there are kept as written and listed in warnings',
        parameters: [{ name: 'createCustomers', in: 'query', schema: { enum: ['true', 'false'], default: 'true' } }],
        requestBody: { required: true, content: { 'text/vcard': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object', properties: { content: { type: 'string' } } } } } },
        responses: { 201: { description: '{data: created contacts, customersCreated, customersLinked, warnings: [{card, field, value, message}]}' }, ...apiErrors },
      },
    },
  });
}
