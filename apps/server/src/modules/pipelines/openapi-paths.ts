import { z } from 'zod';
import { dataResponse, failures, jsonBody, listOf, noContent, objectOf, pathParam, queryParams, uuidParam, zodJson } from '../../http/openapi-parts.js';
import { pipelineInput } from './pipeline-admin.js';
import { monthParam, targetInput } from './targets.js';

const tags = ['pipelines'];
const key = pathParam('key', { type: 'string', maxLength: 50 });
const pipeline = zodJson(pipelineInput, 'output');
const range = z.object({ from: monthParam, to: monthParam });
const target = objectOf({ id: { type: 'string', format: 'uuid' }, month: { type: 'string' }, user_id: { type: ['string', 'null'] }, team_id: { type: ['string', 'null'] }, amount: { type: 'number' }, currency: { type: 'string' } });

/** Pipelines, board totals, monthly sales targets and the forecast. */
export const PIPELINE_PATHS: Record<string, unknown> = {
  '/api/v1/pipelines': { get: { tags, summary: 'Sales pipelines with their stages (every signed-in user)', responses: { 200: dataResponse('Pipelines', listOf({ ...pipeline, properties: { key: { type: 'string' }, ...(pipeline.properties as object) } })), ...failures } } },
  '/api/v1/pipelines/{key}': {
    put: { tags, summary: 'Create or replace a pipeline and its stages (administrators); deals in a removed stage refuse it', parameters: [key], requestBody: jsonBody(pipelineInput), responses: { 200: dataResponse('Pipeline', pipeline), ...failures, 409: { description: 'Deals are still in a stage that would go' } } },
    delete: { tags, summary: 'Delete a pipeline no deal uses (administrators)', parameters: [key], responses: { ...noContent, ...failures, 409: { description: 'Deals use it, or it is the default' } } },
  },
  '/api/v1/pipelines/{key}/summary': {
    get: {
      tags,
      summary: 'Per-stage count, total and weighted total of the deals you may read; takes the deal list’s filter and q',
      parameters: [key, { name: 'filter', in: 'query', schema: { type: 'string', description: 'JSON filter as for lists' } }, { name: 'q', in: 'query', schema: { type: 'string' } }],
      responses: { 200: dataResponse('Stages', listOf(objectOf({ stage: { type: 'string' }, count: { type: 'integer' }, total: { type: 'number' }, weighted: { type: 'number' } }))), ...failures },
    },
  },
  '/api/v1/sales-targets': {
    get: { tags: ['targets'], summary: 'Monthly sales targets of reps and teams you may see, between two months', parameters: queryParams(range).map((p) => ({ ...p, required: true })), responses: { 200: dataResponse('Targets', listOf(target)), ...failures } },
    put: { tags: ['targets'], summary: 'Set a rep’s or a team’s target for a month (administrators)', requestBody: jsonBody(targetInput), responses: { 200: dataResponse('Target', target), ...failures } },
  },
  '/api/v1/sales-targets/{id}': { delete: { tags: ['targets'], summary: 'Delete a target (administrators)', parameters: [uuidParam()], responses: { ...noContent, ...failures } } },
  '/api/v1/forecast': {
    get: {
      tags: ['forecast'],
      summary: 'Forecast per month by rep or team: won, commit and best case against targets, over deals you may read',
      parameters: queryParams(z.object({ from: monthParam, to: monthParam, by: z.enum(['user', 'team']).default('user'), pipeline: z.string().max(50).optional() })).map((p) => ({ ...p, required: p.name === 'from' || p.name === 'to' })),
      responses: { 200: dataResponse('Forecast rows and totals'), ...failures },
    },
  },
};
