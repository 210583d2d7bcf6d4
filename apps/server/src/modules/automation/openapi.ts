import { z } from 'zod';
import { jsonBody } from '../../http/openapi-parts.js';
import { territoryInput } from './territories/routes.js';
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const tags = ['automation'];
const admin = { 403: { description: 'Not an administrator' } };
const ruleBody = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['name', 'trigger'],
        properties: {
          name: { type: 'string' },
          description: { type: 'string' },
          object: { type: ['string', 'null'], description: 'customers, leads, deals, tasks, …' },
          trigger: { type: 'object', description: '{kind: record_created|record_updated|record_deleted|field_changed|time_relative|schedule|no_activity|event, …settings}' },
          conditions: { type: ['object', 'null'], description: 'filter tree ({and|or: […]} or {field, op, value}); field may be relation.field, e.g. customer_id.region' },
          actions: { type: 'array', items: { type: 'object', description: '{type: assign_owner|update_fields|create_task|move_to_pool|webhook|wecom_robot|dingtalk_robot|…, …settings}' } },
          enabled: { type: 'boolean' },
        },
      },
    },
  },
};

/** The automation routes in the OpenAPI document. */
export const AUTOMATION_OPENAPI: Record<string, unknown> = {
  '/api/v1/automation/rules': {
    get: { tags, summary: 'Automation rules with last run and failure count (administrators)', responses: { 200: { description: 'Rules' }, ...admin } },
    post: { tags, summary: 'Create a rule', requestBody: ruleBody, responses: { 201: { description: 'Created' }, 400: { description: 'Invalid; details name the field (trigger.field, actions.1.type, …)' }, ...admin } },
  },
  '/api/v1/automation/rules/{id}': {
    get: { tags, summary: 'One rule', parameters: [id], responses: { 200: { description: 'Rule' }, ...admin } },
    put: { tags, summary: 'Replace a rule', parameters: [id], requestBody: ruleBody, responses: { 200: { description: 'Saved' }, ...admin } },
    patch: { tags, summary: 'Enable or disable: {enabled}', parameters: [id], requestBody: jsonBody(z.object({ enabled: z.boolean() })), responses: { 200: { description: 'Saved' }, ...admin } },
    delete: { tags, summary: 'Delete a rule and its run log', parameters: [id], responses: { 204: { description: 'Deleted' }, ...admin } },
  },
  '/api/v1/automation/runs': {
    get: { tags, summary: 'Run log, newest first: ?ruleId, ?recordId, ?status, ?limit, ?before', responses: { 200: { description: 'Runs with their conditions and actions' }, ...admin } },
  },
  '/api/v1/automation/runs/{id}/retry': { post: { tags, summary: 'Retry the failed actions of a failed run', parameters: [id], responses: { 202: { description: 'Queued' }, ...admin } } },
  '/api/v1/automation/dry-run': { post: { tags, summary: 'What a rule ({ruleId} or an unsaved {rule}) would do to {recordId}, without doing it', responses: { 200: { description: 'Conditions and actions' }, ...admin } } },
  '/api/v1/automation/cron-preview': { get: { tags, summary: 'Next three times a cron expression fires (?cron=), in the install time zone', responses: { 200: { description: '{timeZone, next}' }, 400: { description: 'Not a cron expression' }, ...admin } } },
  '/api/v1/automation/catalog': { get: { tags, summary: 'Installed trigger kinds, action types and module conditions ($segment …), and the time zone', responses: { 200: { description: 'Catalog' }, ...admin } } },
  '/api/v1/automation/territories': {
    get: { tags, summary: 'Territory table: region/industry/source value → team', responses: { 200: { description: 'Territories' }, ...admin } },
    post: { tags, summary: 'Add a territory {field, value, teamId, position}; a region value is stored as the division it names (浙江 → 浙江省) and matches records within it', requestBody: jsonBody(territoryInput), responses: { 201: { description: 'Created' }, ...admin } },
  },
  '/api/v1/automation/territories/{id}': {
    put: { tags, summary: 'Change a territory', parameters: [id], requestBody: jsonBody(territoryInput), responses: { 200: { description: 'Saved' }, ...admin } },
    delete: { tags, summary: 'Delete a territory', parameters: [id], responses: { 204: { description: 'Deleted' }, ...admin } },
  },
};
