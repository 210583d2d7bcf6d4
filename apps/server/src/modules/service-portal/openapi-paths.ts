import { dataResponse, failures, jsonBody, listOf, noContent, objectOf, uuidParam } from '../../http/openapi-parts.js';
import { ratingInput, signedRatingInput } from './csat/csat.js';
import { codeInput, verifyInput } from './portal-api.js';
import { newTicketInput, replyInput } from './tickets/portal-tickets.js';

const tags = ['portal'];
const page = (summary: string, extra: Record<string, unknown> = {}) => ({ tags, summary, ...extra, responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } }, 303: { description: 'Redirect' } } });
const formPost = (summary: string) => page(summary, { requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } } });
const ticket = objectOf({ id: { type: 'string' }, number: { type: 'string' }, subject: { type: 'string' }, status: { type: 'string' }, category: { type: ['string', 'null'] }, rating: { type: ['integer', 'null'] } });
const id = [uuidParam()];

/** The portal API (portal cookie, never a staff session) and its server-rendered pages. */
export const PORTAL_PATHS: Record<string, unknown> = {
  '/api/portal/login/code': { post: { tags, summary: 'E-mail a 6-digit sign-in code to a contact (same answer for unknown addresses; rate-limited per address and IP)', requestBody: jsonBody(codeInput), responses: { 200: dataResponse('Sent (if the address is known)'), ...failures } } },
  '/api/portal/login/verify': { post: { tags, summary: 'Check the code (10 minutes, 5 tries) and set the portal session cookie', requestBody: jsonBody(verifyInput), responses: { 200: dataResponse('Signed in'), ...failures } } },
  '/api/portal/logout': { post: { tags, summary: 'End the portal session', responses: { ...noContent, ...failures } } },
  '/api/portal/me': { get: { tags, summary: 'The signed-in contact', responses: { 200: dataResponse('Contact'), ...failures } } },
  '/api/portal/tickets': {
    get: { tags, summary: "The contact's tickets (and the company's with portal_company_access)", responses: { 200: dataResponse('Tickets', listOf(ticket)), ...failures } },
    post: { tags, summary: 'Open a ticket (channel portal)', requestBody: jsonBody(newTicketInput), responses: { 201: dataResponse('Created'), ...failures } },
  },
  '/api/portal/tickets/{id}': { get: { tags, summary: 'A ticket with its public replies (never internal notes); 404 when not the contact’s', parameters: id, responses: { 200: dataResponse('Ticket', ticket), ...failures } } },
  '/api/portal/tickets/{id}/messages': { post: { tags, summary: 'Reply; a solved or pending ticket opens again (409 when closed)', parameters: id, requestBody: jsonBody(replyInput), responses: { 201: dataResponse('Message'), ...failures } } },
  '/api/portal/tickets/{id}/rating': { post: { tags, summary: 'Rate a solved ticket 1–5 with an optional comment (a second answer replaces the first)', parameters: id, requestBody: jsonBody(ratingInput), responses: { 200: dataResponse('Stored'), ...failures } } },
  '/api/portal/csat/{id}': { post: { tags, summary: 'Answer of the signed survey link (s = HMAC of the ticket; no login)', parameters: id, requestBody: jsonBody(signedRatingInput), responses: { 200: dataResponse('Stored'), ...failures } } },
  '/portal': { get: page('Portal home: sign-in form, or the contact’s tickets') },
  '/portal/assets/deflect.js': { get: { tags, summary: 'Script of the new-ticket page: suggests public KB articles while the subject is typed', responses: { 200: { description: 'JavaScript' } } } },
  '/portal/login': { post: formPost('Ask for a sign-in code (form post)') },
  '/portal/verify': { post: formPost('Sign in with the code (form post)') },
  '/portal/logout': { post: formPost('Sign out') },
  '/portal/new': { get: page('New ticket form with KB suggestions') },
  '/portal/tickets': { post: formPost('Open a ticket (form post, or multipart/form-data with up to 5 files of 10 MB in `files`)') },
  '/portal/tickets/{id}': { get: page('A ticket and its public conversation', { parameters: id }) },
  '/portal/tickets/{id}/reply': { post: formPost('Reply (form post, or multipart/form-data with up to 5 files of 10 MB in `files`)') },
  '/portal/tickets/{id}/rating': { post: formPost('Rate a solved ticket (form post)') },
  '/portal/tickets/{id}/files/{fileId}': { get: { tags, summary: 'Download a file of a public reply on one of the contact’s tickets (404 otherwise)', parameters: [...id, uuidParam('fileId')], responses: { 200: { description: 'The file' }, ...failures } } },
  '/portal/rate/{id}': { get: page('Survey page of the signed link (?s=, optional ?r=1..5 preselected)', { parameters: id }), post: formPost('Answer the survey (form post, s, rating, comment)') },
};
