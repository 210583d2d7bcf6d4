import { rolePermissionsSchema } from '@crm/schema';
import { z } from 'zod';
import { dataResponse, failures, jsonBody, listOf, noContent, objectOf, uuidParam, zodJson } from '../http/openapi-parts.js';
import { roleInput, teamInput, teamPatch, userInput, userPatch } from './admin-routes.js';
import { passwordSchema } from './auth-routes.js';
import { confirmInput, requestInput } from './password-reset.js';

const str = { type: 'string' };
const time = { type: ['string', 'null'], format: 'date-time' };
const uuid = { type: 'string', format: 'uuid' };
const nullableUuid = { type: ['string', 'null'], format: 'uuid' };
const user = objectOf({ id: uuid, email: str, name: str, role_id: uuid, team_id: nullableUuid, locale: str, active: { type: 'boolean' }, external_id: { type: ['string', 'null'] }, created_at: time });
const team = objectOf({ id: uuid, name: str, parent_id: nullableUuid, lead_user_id: nullableUuid, created_at: time });
const role = objectOf({ id: uuid, key: str, name_zh: str, name_en: str, permissions: zodJson(rolePermissionsSchema, 'output'), builtin: { type: 'boolean' }, created_at: time });
const apiKey = objectOf({ id: uuid, name: str, prefix: str, created_at: time, last_used_at: time, revoked_at: time });
const ok = { description: 'Done: {ok: true}', content: { 'application/json': { schema: objectOf({ ok: { const: true } }) } } };

/** Users, teams, roles, the signed-in user's profile, password and API keys. */
export const ACCOUNT_PATHS: Record<string, unknown> = {
  '/api/v1/users': {
    get: { tags: ['users'], summary: 'Users: all fields for administrators; id, name, email, team and active for others (pickers)', responses: { 200: dataResponse('Users', listOf(user)), ...failures } },
    post: { tags: ['users'], summary: 'Create a user (administrators)', requestBody: jsonBody(userInput), responses: { 201: dataResponse('User', user), ...failures, 409: { description: 'E-mail or external id taken' } } },
  },
  '/api/v1/users/{id}': {
    patch: { tags: ['users'], summary: 'Change a user’s name, role, team, language, password or active flag (administrators); deactivating or a new password ends their sessions', parameters: [uuidParam()], requestBody: jsonBody(userPatch), responses: { 200: dataResponse('User', user), ...failures } },
  },
  '/api/v1/teams': {
    get: { tags: ['teams'], summary: 'Teams (every signed-in user)', responses: { 200: dataResponse('Teams', listOf(team)), ...failures } },
    post: { tags: ['teams'], summary: 'Create a team (administrators)', requestBody: jsonBody(teamInput), responses: { 201: dataResponse('Team', team), ...failures } },
  },
  '/api/v1/teams/{id}': {
    patch: { tags: ['teams'], summary: 'Rename, move or set the lead of a team (administrators)', parameters: [uuidParam()], requestBody: jsonBody(teamPatch), responses: { 200: dataResponse('Team', team), ...failures } },
    delete: { tags: ['teams'], summary: 'Delete an empty team (administrators)', parameters: [uuidParam()], responses: { ...noContent, ...failures, 409: { description: 'The team still has members or sub-teams' } } },
  },
  '/api/v1/roles': {
    get: { tags: ['roles'], summary: 'Roles with their permissions', responses: { 200: dataResponse('Roles', listOf(role)), ...failures } },
    post: { tags: ['roles'], summary: 'Create a role (administrators)', requestBody: jsonBody(roleInput), responses: { 201: dataResponse('Role', role), ...failures, 409: { description: 'Key taken' } } },
  },
  '/api/v1/roles/{id}': {
    patch: { tags: ['roles'], summary: 'Change a role’s names or permissions (administrators)', parameters: [uuidParam()], requestBody: jsonBody(roleInput.omit({ key: true }).partial()), responses: { 200: dataResponse('Role', role), ...failures } },
    delete: { tags: ['roles'], summary: 'Delete a custom role no user has (administrators)', parameters: [uuidParam()], responses: { ...noContent, ...failures, 409: { description: 'Built in, or still assigned' } } },
  },
  '/api/auth/me': {
    patch: { tags: ['auth'], summary: 'Change my display name or language', requestBody: jsonBody(z.object({ name: z.string().trim().min(1).max(100), locale: z.enum(['zh-CN', 'en']) }).partial().strict()), responses: { 200: ok, ...failures } },
  },
  '/api/auth/change-password': {
    post: { tags: ['auth'], summary: 'Change my password; my other sessions end', requestBody: jsonBody(z.object({ currentPassword: z.string().min(1), newPassword: passwordSchema })), responses: { 200: ok, ...failures } },
  },
  '/api/auth/api-keys': {
    get: { tags: ['auth'], summary: 'My API keys (never the secret)', responses: { 200: dataResponse('API keys', listOf(apiKey)), ...failures } },
    post: { tags: ['auth'], summary: 'Create an API key; the secret is shown once, in this answer', requestBody: jsonBody(z.object({ name: z.string().trim().min(1).max(100) })), responses: { 201: dataResponse('The key with its secret', objectOf({ id: uuid, name: str, prefix: str, key: str })), ...failures } },
  },
  '/api/auth/api-keys/{id}': {
    delete: { tags: ['auth'], summary: 'Revoke one of my API keys', parameters: [uuidParam()], responses: { ...noContent, ...failures } },
  },
  '/api/auth/password-reset': {
    post: { tags: ['auth'], summary: 'Forgotten password: e-mail a one-time reset link (30 minutes); the same 202 whether or not the address has an account', requestBody: jsonBody(requestInput), responses: { 202: { description: 'Accepted' }, ...failures, 429: { description: 'Too many requests' } } },
  },
  '/api/auth/password-reset/confirm': {
    post: { tags: ['auth'], summary: 'Set a new password with the link’s token; ends every session', requestBody: jsonBody(confirmInput), responses: { 200: ok, ...failures } },
  },
};
