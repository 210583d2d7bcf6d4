import { dataResponse, failures, jsonBody, listOf, noContent, objectOf, pathParam, queryParams, uuidParam } from '../../http/openapi-parts.js';
import { pageQuery } from './routes.js';
import { sendInput } from './send/send-survey.js';
import { surveyInput } from './surveys/questions.js';

const tags = ['surveys'];
const id = [uuidParam()];
const survey = objectOf({ id: { type: 'string' }, title: { type: 'object' }, status: { type: 'string', enum: ['draft', 'open', 'closed'] }, questions: { type: 'array' } });
const page = (summary: string, extra: Record<string, unknown> = {}) => ({ tags, summary, ...extra, responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } }, ...failures } });
const pageParams = [pathParam('surveyId', { type: 'string', format: 'uuid' }), pathParam('contactId', { type: 'string', format: 'uuid' }), { name: 's', in: 'query', required: true, schema: { type: 'string' }, description: 'HMAC of survey and contact' }, { name: 'lang', in: 'query', schema: { type: 'string', enum: ['zh', 'en'] } }];

/** General surveys: the staff API and the public answer page. */
export const SURVEY_PATHS: Record<string, unknown> = {
  '/api/v1/service/surveys': {
    get: { tags, summary: 'Surveys with invited and response counts (readers of surveys: 客服专员, 客服主管, admins)', responses: { 200: dataResponse('Surveys', listOf(survey)), ...failures } },
    post: { tags, summary: 'Create a survey: bilingual title, questions (rating 1–5, NPS 0–10, single/multiple choice, text; required flags) (客服主管, admins)', requestBody: jsonBody(surveyInput), responses: { 201: dataResponse('Created', survey), ...failures } },
  },
  '/api/v1/service/surveys/{id}': {
    get: { tags, summary: 'A survey', parameters: id, responses: { 200: dataResponse('Survey', survey), ...failures } },
    put: { tags, summary: 'Replace a survey; questions are fixed once opened (409 naming questions)', parameters: id, requestBody: jsonBody(surveyInput), responses: { 200: dataResponse('Saved', survey), ...failures } },
    delete: { tags, summary: 'Delete a survey with its invitations and responses', parameters: id, responses: { ...noContent, ...failures } },
  },
  '/api/v1/service/surveys/{id}/send': {
    post: { tags, summary: 'E-mail a signed link to each contact (with an address, readable by the sender) matching filter / segment / q; queued deliveries, those invited before skipped unless resend', parameters: id, requestBody: jsonBody(sendInput), responses: { 200: dataResponse('Queued', objectOf({ queued: { type: 'integer' } })), ...failures } },
  },
  '/api/v1/service/surveys/{id}/results': {
    get: { tags, summary: 'Per question count, distribution and average; NPS (promoters − detractors with counts); weekly trend', parameters: id, responses: { 200: dataResponse('Results'), ...failures } },
  },
  '/api/v1/service/surveys/{id}/responses': {
    get: { tags, summary: 'Responses with their contact and answers, newest first', parameters: [...id, ...queryParams(pageQuery)], responses: { 200: { description: '{data: Response[], total}' }, ...failures } },
  },
  '/api/v1/service/surveys/contacts/{id}': {
    get: { tags, summary: "A contact's surveys: invited, answered, latest answer (404 when the contact is not readable)", parameters: id, responses: { 200: dataResponse('Counts', objectOf({ invited: { type: 'integer' }, answered: { type: 'integer' }, lastAnsweredAt: { type: 'string', nullable: true } })), ...failures } },
  },
  '/survey/{surveyId}/{contactId}': {
    get: page('Public survey page of a signed invitation link (no login; zh/en; shows earlier answers to edit)', { parameters: pageParams }),
    post: page('Answer the survey (form post, q_<questionId> fields); a second answer replaces the first', { parameters: pageParams, requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } } }),
  },
};
