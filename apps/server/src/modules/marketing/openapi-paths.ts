import { dataResponse, failures, jsonBody, objectOf, queryParams, uuidParam } from '../../http/openapi-parts.js';
import { fromSegmentInput, memberIdsInput as campaignMemberInput, reportQuery } from './campaigns/routes.js';
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
  '/api/v1/campaigns/report': {
    get: { tags: ['campaigns'], summary: 'Per campaign and per type: members, responses, leads, deals, won revenue (first and last touch), cost, ROI, cost per lead; only what you may read', parameters: queryParams(reportQuery), responses: { 200: dataResponse('{campaigns, byType}'), ...failures } },
  },
  '/api/v1/campaigns/{id}/members': {
    post: { tags: ['campaigns'], summary: 'Add contacts or leads (that you may read) as members', parameters: [uuidParam()], requestBody: jsonBody(campaignMemberInput), responses: { 200: dataResponse('How many were added', objectOf({ added: { type: 'integer' } })), ...failures } },
  },
  '/api/v1/campaigns/{id}/members/from-segment': {
    post: { tags: ['campaigns'], summary: 'Add every contact or lead of a segment you may read that is not yet a member', parameters: [uuidParam()], requestBody: jsonBody(fromSegmentInput), responses: { 200: dataResponse('How many were added', objectOf({ added: { type: 'integer' } })), ...failures } },
  },
};
