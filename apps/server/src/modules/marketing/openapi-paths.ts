import { dataResponse, failures, jsonBody, objectOf, uuidParam } from '../../http/openapi-parts.js';
import { matchingInput, memberIdsInput } from './segments/routes.js';

const membership = dataResponse('Members now, and how many were added or removed', objectOf({ members: { type: 'integer' }, added: { type: 'integer' }, removed: { type: 'integer' } }));
const tags = ['segments'];

/** Segment routes beyond CRUD; every list route also takes `?segment={id}`. */
export const MARKETING_PATHS: Record<string, unknown> = {
  '/api/v1/segments/{id}/count': {
    get: { tags, summary: 'Live member count: only records you may read', parameters: [uuidParam()], responses: { 200: dataResponse('{object, total}', objectOf({ object: { type: 'string' }, total: { type: 'integer' } })), ...failures } },
  },
  '/api/v1/segments/{id}/members': {
    post: { tags, summary: 'Add records to a static segment (1 to 1000 ids of records you may read)', parameters: [uuidParam()], requestBody: jsonBody(memberIdsInput), responses: { 200: membership, ...failures } },
  },
  '/api/v1/segments/{id}/members/remove': {
    post: { tags, summary: 'Remove records from a static segment', parameters: [uuidParam()], requestBody: jsonBody(memberIdsInput), responses: { 200: membership, ...failures } },
  },
  '/api/v1/segments/{id}/members/add-matching': {
    post: { tags, summary: 'Add every record you may read that matches a list filter and/or search', parameters: [uuidParam()], requestBody: jsonBody(matchingInput), responses: { 200: membership, ...failures } },
  },
};
