import type { ObjectMetadata } from '@crm/schema';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../../http/errors.js';
import { fieldAccess, scopeFor, type AccessContext } from '../permissions/access.js';
import { requireAccess, requireAdmin } from '../permissions/request-access.js';
import { mayUseList } from '../records/related.js';
import type { CustomFields } from './custom-fields.js';
import type { MetadataRegistry } from './registry.js';

/** Metadata as this user sees it: hidden fields removed, field access and object rights attached. */
function forUser(meta: ObjectMetadata, ctx: AccessContext) {
  return {
    ...meta,
    fields: meta.fields
      .filter((f) => fieldAccess(ctx, meta.name, f.name) !== 'hidden')
      .map((f) => ({ ...f, readonly: f.system || fieldAccess(ctx, meta.name, f.name) === 'readonly' })),
    relatedLists: meta.relatedLists.filter((l) => mayUseList(ctx, l)),
    access: {
      read: scopeFor(ctx, meta.name, 'read'),
      create: scopeFor(ctx, meta.name, 'create'),
      update: scopeFor(ctx, meta.name, 'update'),
      delete: scopeFor(ctx, meta.name, 'delete'),
      export: scopeFor(ctx, meta.name, 'export'),
    },
  };
}

const objectParams = z.object({ object: z.string() });
const fieldParams = z.object({ object: z.string(), field: z.string() });

export function registerMetadataRoutes(app: FastifyInstance, metadata: MetadataRegistry, customFields: CustomFields) {
  app.get('/api/v1/meta/objects', async (request) => {
    const ctx = requireAccess(request);
    await metadata.ensureFresh();
    return { data: metadata.list().filter((m) => scopeFor(ctx, m.name, 'read') !== 'none' || ctx.permissions.admin).map((m) => forUser(m, ctx)) };
  });

  app.get('/api/v1/meta/objects/:object', async (request) => {
    const ctx = requireAccess(request);
    await metadata.ensureFresh();
    return { data: forUser(metadata.get(parseInput(objectParams, request.params).object), ctx) };
  });

  app.post('/api/v1/meta/objects/:object/fields', async (request, reply) => {
    const admin = requireAdmin(request);
    const { object } = parseInput(objectParams, request.params);
    return reply.status(201).send({ data: await customFields.add(object, request.body, { actorId: admin.userId }) });
  });

  app.patch('/api/v1/meta/objects/:object/fields/:field', async (request) => {
    const admin = requireAdmin(request);
    const { object, field } = parseInput(fieldParams, request.params);
    return { data: await customFields.update(object, field, request.body, { actorId: admin.userId }) };
  });

  app.post('/api/v1/meta/objects/:object/field-order', async (request) => {
    requireAdmin(request);
    const { object } = parseInput(objectParams, request.params);
    const { names } = parseInput(z.object({ names: z.array(z.string()).min(1) }), request.body);
    return { data: await customFields.reorder(object, names) };
  });

  app.delete('/api/v1/meta/objects/:object/fields/:field', async (request) => {
    const admin = requireAdmin(request);
    const { object, field } = parseInput(fieldParams, request.params);
    const query = parseInput(z.object({ purge: z.stringbool().optional(), confirm: z.string().optional() }), request.query);
    return { data: await customFields.remove(object, field, query, { actorId: admin.userId }) };
  });
}
