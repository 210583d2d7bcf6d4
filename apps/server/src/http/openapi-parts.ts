import { z } from 'zod';

/** Building blocks for the path files of the engine and the modules (their routes' Zod schemas as JSON Schema). */
type JsonSchema = Record<string, unknown>;

export const zodJson = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
export const jsonBody = (schema: z.ZodType) => ({ required: true, ...json(zodJson(schema)) });
/** A 200/201 answer of the form {data: …}. */
export const dataResponse = (description: string, data: JsonSchema = { type: 'object' }) => ({ description, ...json({ type: 'object', properties: { data } }) });
export const listOf = (item: JsonSchema) => ({ type: 'array', items: item });
export const objectOf = (properties: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', properties });
export const pathParam = (name: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'path', required: true, schema });
export const uuidParam = (name = 'id') => pathParam(name, { type: 'string', format: 'uuid' });
export const queryParams = (schema: z.ZodType) => {
  const shape = zodJson(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: shape.required?.includes(name) ?? false, schema: s }));
};
const error = { description: 'Error', ...json({ $ref: '#/components/schemas/Error' }) };
/** The usual failures: 400 names the field, 401, 403, 404. */
export const failures = {
  400: { ...error, description: 'Invalid input; details name the field' },
  401: { ...error, description: 'Not logged in' },
  403: { ...error, description: 'Not permitted' },
  404: { ...error, description: 'Not found or not visible to you' },
};
export const noContent = { 204: { description: 'Done' } };
