import { dataResponse, failures, jsonBody, noContent, pathParam, uuidParam } from '../../http/openapi-parts.js';
import { ruleInput } from './rules.js';

const tags = ['lead-scoring'];
const editors = 'Administrators and marketing managers (the `scoring_rules` update scope `all`).';

/** Lead scoring routes (the score itself is the `score` field of leads and contacts). */
export const MARKETING_SCORING_PATHS: Record<string, unknown> = {
  '/api/v1/lead-scoring/rules': {
    get: { tags, summary: 'The scoring rules, and whether you may edit them', responses: { 200: dataResponse('The rules'), ...failures } },
    post: { tags, summary: `Add a behaviour rule (activity, match, points, half-life) or a fit rule (object, field condition, points). ${editors}`, requestBody: jsonBody(ruleInput), responses: { 201: dataResponse('The rule'), ...failures } },
  },
  '/api/v1/lead-scoring/rules/{id}': {
    patch: { tags, summary: `Change a rule (send the whole rule, as for adding one). ${editors}`, parameters: [uuidParam()], requestBody: jsonBody(ruleInput), responses: { 200: dataResponse('The rule'), ...failures } },
    delete: { tags, summary: `Delete a rule. ${editors}`, parameters: [uuidParam()], responses: { ...noContent, ...failures } },
  },
  '/api/v1/lead-scoring/recompute': {
    post: { tags, summary: `Rescore every lead and contact now (it also runs nightly and when a person acts or changes). ${editors}`, responses: { 200: dataResponse('[{object, records, changed}]'), ...failures } },
  },
  '/api/v1/lead-scoring/{object}/{id}': {
    get: { tags, summary: 'A lead’s or contact’s score card: the stored score and what contributes to it now', parameters: [pathParam('object', { type: 'string', enum: ['leads', 'contacts'] }), uuidParam()], responses: { 200: dataResponse('{score, current, reasons}'), ...failures } },
  },
};
